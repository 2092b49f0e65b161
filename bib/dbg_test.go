package bib
import ("testing";"fmt")
func TestDbg(t *testing.T) {
	for _, s := range []string{
		"[Dynamic Frame skip Deep Q Network](http://arxiv.org/abs/1605.05365), A. S. Lakshminarayanan et al., *IJCAI Deep RL Workshop*, 2016.",
	} {
		r := mdAnalyze(s, nil)
		fmt.Printf("%q %d %q %+v\n", r.title, r.year, r.venue, r.ids)
	}
}
