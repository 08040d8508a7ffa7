package console

import (
	"io"
	"strings"
	"unicode/utf8"
)

// Column is one column of a Table. Numbers are aligned right, so that
// their digits line up; text is aligned left, since right-aligned names
// read as a ragged edge.
type Column struct {
	Name  string
	Right bool
}

// Table collects rows of cells and prints them in aligned columns.
// tabwriter is not used: it aligns every column alike.
type Table struct {
	cols []Column
	rows [][]string
}

// NewTable starts a table with its header.
func NewTable(cols ...Column) *Table { return &Table{cols: cols} }

// Text and Num are the two kinds of column.
func Text(name string) Column { return Column{Name: name} }

// Num is a column of numbers, aligned right.
func Num(name string) Column { return Column{Name: name, Right: true} }

// Row adds a row; a missing cell prints as empty, an extra one is an
// error of the caller and dropped.
func (t *Table) Row(cells ...string) {
	row := make([]string, len(t.cols))
	copy(row, cells)
	t.rows = append(t.rows, row)
}

// Len is the number of rows.
func (t *Table) Len() int { return len(t.rows) }

// WriteTo prints the header and the rows, two spaces between columns and
// no trailing spaces.
func (t *Table) WriteTo(w io.Writer) (int64, error) {
	width := make([]int, len(t.cols))
	for i, c := range t.cols {
		width[i] = utf8.RuneCountInString(c.Name)
	}
	for _, r := range t.rows {
		for i, cell := range r {
			width[i] = max(width[i], utf8.RuneCountInString(cell))
		}
	}
	var b strings.Builder
	line := func(cells []string) {
		var l strings.Builder
		for i, cell := range cells {
			if i > 0 {
				l.WriteString("  ")
			}
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(cell))
			if t.cols[i].Right {
				l.WriteString(pad + cell)
			} else {
				l.WriteString(cell + pad)
			}
		}
		b.WriteString(strings.TrimRight(l.String(), " ") + "\n")
	}
	head := make([]string, len(t.cols))
	for i, c := range t.cols {
		head[i] = c.Name
	}
	line(head)
	for _, r := range t.rows {
		line(r)
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}
