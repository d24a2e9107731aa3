// References for queries/go.scm: calls, literals, imports with paths.
package sample

import (
	"net/http"
	str "strings"
)

func Serve(addr string) error {
	b := &str.Builder{}
	b.WriteString(addr)
	r := str.NewReader(b.String())
	p := Point{X: 1}
	_ = helper(p, r)
	return http.ListenAndServe(addr, nil)
}

func helper(p Point, r *str.Reader) int { return p.X }
