// Package sample is the fixture for queries/go.scm.
package sample

import (
	"fmt"
	"io"
)

const Single = 1

const (
	A, B = iota, iota
	C
)

var Global int
var _ io.Reader = (*Reader)(nil)

var (
	x, y = 1, 2
	cfg  struct{ port int }
)

type Reader struct {
	io.Reader
	*fmt.Stringer
	List[int]
	name, alias string `json:"name"`
	inner       struct {
		depth int
	}
	cb func(int) error
}

type Shape interface {
	fmt.Stringer
	Area() float64
	Scale(f float64) Shape
}

type Number interface {
	~int | ~float64
}

type ID int
type Handler func(w io.Writer) error
type Alias = Reader
type Point = struct{ X, Y int }

type List[T any] struct{ items []T }

type (
	Pair  struct{ a, b int }
	Namer interface{ Name() string }
	Count uint
)

func New(name string) *Reader {
	const local = "x"
	type tmp struct{ v int }
	var unused = 0
	_ = unused
	tests := []struct{ in string }{{"a"}}
	_ = tests
	return &Reader{name: name}
}

func (r *Reader) Name() string { return r.name }

func (l List[T]) Len() int { return len(l.items) }

func Map[T, U any](s []T, f func(T) U) []U { return nil }
