package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Shard selects the sweep points p with p mod N == I, so that N independent jobs (a Slurm job
// array, a Kubernetes Indexed Job) together cover the sweep once.
type Shard struct {
	I, N int
}

// ParseShard reads "i/n" with 0 <= i < n; the empty string means the whole sweep (0/1).
func ParseShard(s string) (Shard, error) {
	if s == "" {
		return Shard{0, 1}, nil
	}
	is, ns, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(is)
	n, err2 := strconv.Atoi(ns)
	switch {
	case !ok || err1 != nil || err2 != nil:
		return Shard{}, fieldErr("shard", fmt.Sprintf("应为 i/n 形式，实际为 %q", s), fmt.Sprintf("must look like i/n, got %q", s))
	case n < 1:
		return Shard{}, fieldErr("shard", "n 必须至少为 1", "n must be at least 1")
	case i < 0 || i >= n:
		return Shard{}, fieldErr("shard", fmt.Sprintf("i 必须满足 0 ≤ i < n，实际为 %d/%d", i, n), fmt.Sprintf("i must satisfy 0 <= i < n, got %d/%d", i, n))
	}
	return Shard{i, n}, nil
}

// Has reports whether point p belongs to the shard.
func (s Shard) Has(p int) bool { return p%s.N == s.I }

// PointRecord is one line of a sweep's output: which sweep and model version produced it, which
// point, and the point's Result. Records of different sweeps or versions are never merged.
type PointRecord struct {
	SweepHash    string  `json:"sweep_hash"`
	ModelVersion string  `json:"model_version"`
	Points       int     `json:"points"`
	Index        int     `json:"index"`
	Params       []Param `json:"params"`
	ConfigHash   string  `json:"config_hash"`
	Result       *Result `json:"result"`
}

// RunPoint runs one point of a sweep and returns its record.
func RunPoint(ctx context.Context, s Sweep, p Point) (PointRecord, error) {
	res, err := Run(ctx, p.Config)
	if err != nil {
		return PointRecord{}, err
	}
	return PointRecord{
		SweepHash: s.Hash(), ModelVersion: ModelVersion, Points: s.Size(), Index: p.Index,
		Params: p.Params, ConfigHash: res.ConfigHash, Result: res,
	}, nil
}

// MarshalLine encodes a record as one JSON line, newline included.
func (r PointRecord) MarshalLine() ([]byte, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// ParseRecords reads JSON-lines records. A last line without its newline that does not parse is
// taken as a write cut short (an interrupted sweep) and dropped; good is the length of the prefix
// of data made of valid records, where a resumed sweep should continue writing (after adding a
// newline if that prefix does not end with one). Any other malformed line is an error naming the
// line.
func ParseRecords(data []byte) (recs []PointRecord, good int, err error) {
	line := 0
	for off := 0; off < len(data); {
		line++
		end := bytes.IndexByte(data[off:], '\n')
		complete := end >= 0
		if !complete {
			end = len(data) - off
		}
		text := bytes.TrimSpace(data[off : off+end])
		next := off + end
		if complete {
			next++
		}
		if len(text) == 0 {
			off, good = next, next
			continue
		}
		var r PointRecord
		if perr := decodeRecord(text, &r); perr != nil {
			if !complete {
				return recs, good, nil
			}
			return nil, 0, fmt.Errorf("line %d: %w", line, perr)
		}
		recs = append(recs, r)
		off, good = next, next
	}
	return recs, good, nil
}

func decodeRecord(text []byte, r *PointRecord) error {
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(r); err != nil {
		return fieldErr("record", "无法解析的记录："+err.Error(), "unreadable record: "+err.Error())
	}
	if dec.More() {
		return fieldErr("record", "一行只能有一条记录", "one record per line")
	}
	if r.Result == nil || r.SweepHash == "" || r.ModelVersion == "" || r.Points < 1 || r.Index < 0 || r.Index >= r.Points {
		return fieldErr("record", "记录不完整", "incomplete record")
	}
	return nil
}

// SweepResult is a whole sweep: every point's record in index order.
type SweepResult struct {
	ModelVersion string        `json:"model_version"`
	SweepHash    string        `json:"sweep_hash"`
	Points       int           `json:"points"`
	Results      []PointRecord `json:"results"`
}

// Merge combines the records of a sweep's shards into the SweepResult a single unsharded run
// gives. It refuses records from different sweeps or model versions, two different records for
// the same point, and a sweep with points missing. Identical duplicates (a point run twice, for
// example by overlapping resumed jobs) are kept once.
func Merge(recs []PointRecord) (*SweepResult, error) {
	if len(recs) == 0 {
		return nil, fieldErr("records", "没有可合并的记录", "no records to merge")
	}
	first := recs[0]
	byIndex := make(map[int]PointRecord, len(recs))
	for _, r := range recs {
		switch {
		case r.ModelVersion != first.ModelVersion:
			return nil, fieldErr("model_version", fmt.Sprintf("模型版本不同（%s 与 %s），拒绝合并", first.ModelVersion, r.ModelVersion),
				fmt.Sprintf("records come from different model versions (%s and %s); refusing to merge", first.ModelVersion, r.ModelVersion))
		case r.SweepHash != first.SweepHash || r.Points != first.Points:
			return nil, fieldErr("sweep_hash", "记录来自不同的扫描配置，拒绝合并", "records come from different sweep configurations; refusing to merge")
		}
		if old, ok := byIndex[r.Index]; ok {
			a, _ := json.Marshal(old)
			b, _ := json.Marshal(r)
			if !bytes.Equal(a, b) {
				return nil, fieldErr("index", fmt.Sprintf("网格点 %d 有两条不同的记录", r.Index), fmt.Sprintf("point %d has two different records", r.Index))
			}
			continue
		}
		byIndex[r.Index] = r
	}
	if len(byIndex) != first.Points {
		var missing []string
		for p := 0; p < first.Points && len(missing) < 10; p++ {
			if _, ok := byIndex[p]; !ok {
				missing = append(missing, strconv.Itoa(p))
			}
		}
		return nil, fieldErr("records", fmt.Sprintf("缺少 %d 个网格点（例如 %s）", first.Points-len(byIndex), strings.Join(missing, ", ")),
			fmt.Sprintf("%d points missing (for example %s)", first.Points-len(byIndex), strings.Join(missing, ", ")))
	}
	out := &SweepResult{ModelVersion: first.ModelVersion, SweepHash: first.SweepHash, Points: first.Points}
	for _, r := range byIndex {
		out.Results = append(out.Results, r)
	}
	sort.Slice(out.Results, func(i, j int) bool { return out.Results[i].Index < out.Results[j].Index })
	return out, nil
}
