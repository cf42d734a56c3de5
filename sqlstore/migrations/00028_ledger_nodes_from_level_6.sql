-- +goose Up
-- ledger_nodes keeps only the perfect subtrees of 64 leaves and more (level 6 and above); a
-- proof computes the smaller ones from the entries' leaf hashes. The key is level·2^56 + index,
-- so the rows of levels 1 to 5 are those below 6·2^56.
DELETE FROM ledger_nodes WHERE id < 432345564227567616;

-- +goose Down
-- The smaller subtrees are not written back: proofs compute them from the leaf hashes either way.
