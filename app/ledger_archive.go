package app

import (
	"sort"
	"strconv"

	"seedbed"
	"seedbed/ledger"
	"seedbed/sqlstore"
)

// archive is what the ledger holds of a program imported from the bureau's archive
// (Programs.ImportArchive): not an event per award, but the number of awards and their total in
// the program's terms event. Its award and application rows are checked against those two
// figures and against the shape an archived award has (completed and fully paid; its
// application funded with the award's amount).
type archive struct {
	awards, total int64 // as the ledger recorded them
	// as stored: award rows and their amounts; application rows and their grants
	storedAwards, storedAmount, storedApps, storedGranted int64
}

// archived reports whether row, of awards or applications, belongs to an archived program, and
// the problem it shows, if any. It counts the row towards the archive's totals. A row that a
// decision after the import names (named) goes on to the usual check: archived is false.
func (s *ledgerState) archived(table string, row sqlstore.StateRow, named bool) (*ledger.StateMismatch, bool) {
	if table != "awards" && table != "applications" {
		return nil, false
	}
	a := s.archives[row.Fields["program_id"]]
	if a == nil {
		return nil, false
	}
	num := func(f string) int64 { n, _ := strconv.ParseInt(row.Fields[f], 10, 64); return n }
	// the shape of an archived row, field by field
	var want [][2]string
	if table == "awards" {
		a.storedAwards++
		a.storedAmount += num("amount")
		want = [][2]string{{"status", seedbed.AwardCompleted}, {"released", row.Fields["amount"]}}
	} else {
		a.storedApps++
		a.storedGranted += num("granted")
		want = [][2]string{{"outcome", "funded"}, {"rank_no", "0"}}
	}
	if named {
		return nil, false
	}
	for _, w := range want {
		if row.Fields[w[0]] != w[1] {
			return &ledger.StateMismatch{Table: table, Row: row.ID, Field: w[0], Ledger: w[1], Stored: row.Fields[w[0]]}, true
		}
	}
	return nil, true
}

// archiveTotals compares each archived program's stored awards and applications, counted by
// archived, with the ledger's figures.
func (s *ledgerState) archiveTotals() []ledger.StateMismatch {
	ids := make([]string, 0, len(s.archives))
	for id := range s.archives {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var out []ledger.StateMismatch
	for _, id := range ids {
		a := s.archives[id]
		for _, c := range []struct {
			table, field string
			want, got    int64
		}{
			{"awards", "archived awards", a.awards, a.storedAwards},
			{"awards", "archived total", a.total, a.storedAmount},
			{"applications", "archived applications", a.awards, a.storedApps},
			{"applications", "archived grants", a.total, a.storedGranted},
		} {
			if c.want != c.got {
				out = append(out, ledger.StateMismatch{Table: c.table, Row: "program " + id, Field: c.field,
					Ledger: strconv.FormatInt(c.want, 10), Stored: strconv.FormatInt(c.got, 10)})
			}
		}
	}
	return out
}
