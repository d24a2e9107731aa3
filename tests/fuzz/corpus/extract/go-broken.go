package broken

func Before() {}

type Good struct {
	Field int
}

func Broken( {
	x := 
}

func After() {}
