package fetch

// Refused returns the answer that made the client stop sending requests (a
// refused API key, or an address that is not the Semantic Scholar API), or
// nil. After such an answer no request can succeed, so callers should stop
// the run rather than report every entry as unresolved.
func (c *Client) Refused() error {
	if ae := c.refusal(); ae != nil {
		return ae
	}
	return nil
}
