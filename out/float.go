package out

import (
	"math"
	"strconv"
)

// jsonFloat is a float64 that encodes NaN and ±Inf as null (encoding/json
// refuses them) and everything else as encoding/json does: the shortest form
// that round-trips.
type jsonFloat float64

// MarshalJSON implements json.Marshaler.
func (f jsonFloat) MarshalJSON() ([]byte, error) {
	s := formatFloat(float64(f))
	if s == "" {
		return []byte("null"), nil
	}
	return []byte(s), nil
}

// formatFloat formats x like encoding/json does (shortest round-trip form,
// plain decimal unless |x| < 1e-6 or ≥ 1e21), or "" for NaN and ±Inf.
func formatFloat(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	abs := math.Abs(x)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b := strconv.AppendFloat(nil, x, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9, as encoding/json does
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return string(b)
}
