package building

import (
	"slices"
	"strconv"
	"strings"
)

// Problem is one thing wrong with a building file.
type Problem struct {
	// Line is the 1-based line of the file, or 0 for the file as a whole
	// (too many expanded rows, no rows at all).
	Line int `json:"line"`
	// Field is the column name (see Columns), or empty for the row or
	// file as a whole.
	Field string `json:"field,omitempty"`
	// Msg says what was found and what was expected.
	Msg string `json:"message"`
}

// Error is why a building file was rejected: all of its problems, not
// just the first, so that an API can return them as a list and a user can
// fix the file in one pass. Problems are in line order, file-wide ones
// first, at most MaxProblems of them.
type Error struct {
	// File is the name Parse was given.
	File     string    `json:"file"`
	Problems []Problem `json:"problems"`
	// More counts the problems found beyond those listed.
	More int `json:"more,omitempty"`
}

// Error lists the problems one per line, as "file:line: field: message".
func (e *Error) Error() string {
	var sb strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			sb.WriteByte('\n')
		}
		sb.WriteString(e.File)
		if p.Line > 0 {
			sb.WriteByte(':')
			sb.WriteString(strconv.Itoa(p.Line))
		}
		sb.WriteString(": ")
		if p.Field != "" {
			sb.WriteString(p.Field)
			sb.WriteString(": ")
		}
		sb.WriteString(p.Msg)
	}
	if e.More > 0 {
		sb.WriteString("\n" + e.File + ": … and " + strconv.Itoa(e.More) + " more problems")
	}
	return sb.String()
}

// problems collects a file's problems, keeping the first MaxProblems.
type problems struct {
	list []Problem
	more int
}

func (ps *problems) add(line int, field, msg string) {
	if len(ps.list) >= MaxProblems {
		ps.more++
		return
	}
	ps.list = append(ps.list, Problem{Line: line, Field: field, Msg: msg})
}

// err returns the problems as an *Error in line order, or nil for none.
// Overlaps are found after the last line is read, so the list is sorted
// here rather than kept in order.
func (ps *problems) err(file string) error {
	if len(ps.list) == 0 {
		return nil
	}
	slices.SortStableFunc(ps.list, func(a, b Problem) int { return a.Line - b.Line })
	return &Error{File: file, Problems: ps.list, More: ps.more}
}
