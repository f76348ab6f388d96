package ctext

import (
	"reflect"
	"testing"
)

func TestEachIdentSkipsNonCode(t *testing.T) {
	text := "a /* b */ c // d\n\"e\" 'f' g1 2h i_j"
	var got []string
	EachIdent(text, func(from, to int) { got = append(got, text[from:to]) })
	if want := []string{"a", "c", "g1", "i_j"}; !reflect.DeepEqual(got, want) {
		t.Errorf("EachIdent(%q) = %q, want %q", text, got, want)
	}
}

func TestArgs(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"f(a, &b)", []string{"a", "&b"}},
		{"f( g(x, y) , {1, 2}, c[1,2] )", []string{"g(x, y)", "{1, 2}", "c[1,2]"}},
		{"f(\"a,b\", ',', /* x, y */ z)", []string{"\"a,b\"", "','", "/* x, y */ z"}},
		{"f()", nil},
		{"f(a, (b", []string{"a", "(b"}},
	} {
		if got := Args(tc.text, 1); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Args(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestCloseAndNext(t *testing.T) {
	text := "{ a(\"}\") /* } */ { b } } c"
	if got, want := Close(text, 0), len(text)-2; got != want {
		t.Errorf("Close(%q, 0) = %d, want %d", text, got, want)
	}
	if got := Close("(a", 0); got != 2 {
		t.Errorf("Close of an unclosed bracket = %d, want the end, 2", got)
	}
	if got := Next("  /* x */ // y\n  z", 0); got != 17 {
		t.Errorf("Next = %d, want 17", got)
	}
}
