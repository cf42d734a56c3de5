package web

import "fmt"

// The access rows of the award-life routes: to-do counts, reporting schedules, extensions and
// variations, closeout and termination, the inbox and determination letters.
func init() {
	moduleMatrix = append(moduleMatrix, func(e *testEnv) []accessCase {
		f := newProgramFixture(e.t, e)
		_ = fmt.Sprint(f.ownAward)
		return []accessCase{
			{"GET", "/api/v1/awards/todo", "/api/v1/awards/todo", "aorpu"},
		}
	})
}
