package load

import (
	"bufio"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
)

// graphML reads a directed GraphML graph: every <node id> is a node (with
// its title, year and globalCitations data, when declared by <key>
// elements of those attr.names), every <edge source target> an edge. A
// graph whose edgedefault is "undirected" is refused (a citation graph is
// directed), as is an edge marked directed="false". An XML syntax error
// stops the file at that line, keeping what was read before it, and is
// reported as a Problem.
func (r *reader) graphML(path string, br *bufio.Reader) error {
	d := xml.NewDecoder(br)
	attrName := map[string]string{} // key id → attr.name
	node := ""                      // the node being read
	var meta nodeMeta
	field := "" // the attr.name of the <data> being read
	var text strings.Builder
	for n := 0; ; n++ {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		line, _ := d.InputPos()
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				r.problem(path, se.Line, "GraphML: %s; the rest of the file is skipped", se.Msg)
				return nil
			}
			return readError(path, line, err)
		}
		if n&0xffff == 0 && r.ctx.Err() != nil {
			return r.ctx.Err()
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "key":
				attrName[attr(t, "id")] = attr(t, "attr.name")
			case "graph":
				if attr(t, "edgedefault") == "undirected" {
					return &Problem{File: path, Line: line, Msg: "GraphML: an undirected graph; a citation graph is directed (citing → cited)"}
				}
			case "node":
				node, meta = attr(t, "id"), nodeMeta{}
				if msg := badKey([]byte(node)); msg != "" {
					r.problem(path, line, "node %s", msg)
					node = ""
					continue
				}
				if r.edgesOnly {
					node = "" // neither node nor metadata: only edges are wanted
					continue
				}
				if err := r.b.AddNode(node); err != nil {
					return err
				}
			case "edge":
				if attr(t, "directed") == "false" {
					r.stats.Records++
					r.problem(path, line, "GraphML: an undirected edge; skipped")
					continue
				}
				if err := r.edge(path, line, []byte(attr(t, "source")), []byte(attr(t, "target"))); err != nil {
					return err
				}
			case "data":
				if node != "" {
					field = attrName[attr(t, "key")]
					text.Reset()
				}
			}
		case xml.CharData:
			if field != "" {
				text.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "data":
				if field != "" {
					r.nodeData(path, line, &meta, field, strings.TrimSpace(text.String()))
					field = ""
				}
			case "node":
				if node != "" && meta != (nodeMeta{}) {
					r.meta[node] = meta
				}
				node = ""
			}
		}
	}
}

// nodeData records one attribute of a GraphML node.
func (r *reader) nodeData(path string, line int, m *nodeMeta, name, v string) {
	switch strings.ToLower(name) {
	case "title":
		m.title = v
	case "year":
		if y, err := strconv.ParseInt(v, 10, 32); err == nil && y > 0 {
			m.year = int32(y)
		} else if v != "" {
			r.problem(path, line, "GraphML: year %q is not a year", v)
		}
	case "globalcitations", "citationcount", "citations":
		if c, err := strconv.ParseInt(v, 10, 32); err == nil && c >= 0 && c < 1<<31-1 {
			m.citations1 = int32(c) + 1
		} else if v != "" {
			r.problem(path, line, "GraphML: citation count %q is not a count", v)
		}
	}
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
