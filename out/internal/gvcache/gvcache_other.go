//go:build !unix

package gvcache

// tmpEnv is empty where the system's temporary directory is the user's own
// (Windows, Plan 9): nothing is changed there.
const tmpEnv = ""

const noDir = ""

func writableDir(string) bool { return true }

func readable(string) bool { return true }
