package lazyre

import (
	"sync"
	"testing"
)

func TestGetCompilesOnce(t *testing.T) {
	r := New(`^a+$`)
	if r.re != nil {
		t.Fatal("New compiled the expression")
	}
	var wg sync.WaitGroup
	got := make([]any, 8)
	for i := range got {
		wg.Go(func() { got[i] = r.Get() })
	}
	wg.Wait()
	for _, g := range got {
		if g != got[0] {
			t.Fatal("Get returned different regexps")
		}
	}
	if !r.Get().MatchString("aaa") || r.Get().MatchString("ab") {
		t.Error("the compiled expression does not match as written")
	}
}

func TestBadExpressionPanicsOnFirstUse(t *testing.T) {
	r := New(`(`) // New must not panic
	defer func() {
		if recover() == nil {
			t.Error("Get of an invalid expression did not panic")
		}
	}()
	r.Get()
}
