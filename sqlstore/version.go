package sqlstore

// The funding version (funding_version), the registry's version and rebuild count
// (registry_version) and the monitoring data's version (monitoring_version) are what caches of
// figures over awards, applications, innovators and indicator values are kept by. Each is held
// in versionSlots rows (migrations 00030 and 00032): a writer adds to one slot inside its
// transaction, and a reader's version is the sum over every slot.
//
// One row would do as well on SQLite, which writes one transaction at a time, but on PostgreSQL
// every transaction that bumps the row waits on its lock until the one holding it commits:
// concurrent award decisions would commit one after another. With slots, a writer bumps the
// slot of its connection (pg_backend_pid() % 64, so that the writers on different connections
// touch different rows); SQLite writes slot 0.
//
// The sum is as good a version as the single row was. A reader sums the slots in one
// statement, so from one snapshot of committed transactions; a later snapshot holds every
// transaction an earlier one held, and every transaction that bumps adds at least one. So the
// sum never goes down, every commit that bumps raises it, and two reads that give the same sum
// saw the same bumping commits. A reader that reads the version before its data reads the data
// from a later snapshot, which holds at least the commits the version counted: what it keeps
// under a version is never older than that version, and a commit it missed raises the version
// that the next reader sees, so the next reader reads again.

// versionSlots is how many rows each slotted version has: the slots are 0 to versionSlots-1,
// and the 64 in the PostgreSQL statements below and in migrations 00030 and 00032 is this
// number.
const versionSlots = 64

// A bump of a slotted version, for SQLite and for PostgreSQL.
type versionBump struct{ sqlite, postgres string }

// query returns the statement for the dialect.
func (b versionBump) query(dialect string) string {
	if dialect == Postgres {
		return b.postgres
	}
	return b.sqlite
}

// The bumps of the slotted versions.
var (
	bumpFundingQuery = versionBump{
		`UPDATE funding_version SET version = version + 1 WHERE slot = 0`,
		`UPDATE funding_version SET version = version + 1 WHERE slot = pg_backend_pid() % 64`,
	}
	bumpRegistryQuery = versionBump{
		`UPDATE registry_version SET version = version + 1 WHERE slot = 0`,
		`UPDATE registry_version SET version = version + 1 WHERE slot = pg_backend_pid() % 64`,
	}
	bumpMonitoringQuery = versionBump{
		`UPDATE monitoring_version SET version = version + 1 WHERE slot = 0`,
		`UPDATE monitoring_version SET version = version + 1 WHERE slot = pg_backend_pid() % 64`,
	}
	bumpRebuildsQuery = versionBump{
		`UPDATE registry_version SET rebuilds = rebuilds + 1 WHERE slot = 0`,
		`UPDATE registry_version SET rebuilds = rebuilds + 1 WHERE slot = pg_backend_pid() % 64`,
	}
)

// The reads of the slotted versions: sums over the slots, cast because PostgreSQL sums BIGINT
// as NUMERIC.
const (
	fundingVersionQuery    = `SELECT CAST(sum(version) AS BIGINT) FROM funding_version`
	registryVersionQuery   = `SELECT CAST(sum(version) AS BIGINT), CAST(sum(rebuilds) AS BIGINT) FROM registry_version`
	monitoringVersionQuery = `SELECT CAST(sum(version) AS BIGINT) FROM monitoring_version`
)
