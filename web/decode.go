package web

import (
	"bytes"
	"encoding/json"
	"errors"

	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"seedbed"
)

// Body size limits.
const (
	maxJSONBody   = 1 << 20  // 1 MiB
	maxImportBody = 64 << 20 // 64 MiB
	maxFormBody   = 1 << 20
)

// decodeJSON reads one JSON object into v, refusing unknown fields, wrong types, trailing data
// and oversized bodies with a message that names the field.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, _ := mime.ParseMediaType(ct)
		if mt != "application/json" {
			return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "Content-Type 应为 application/json，实际为 %q", En: "Content-Type must be application/json, got %q"}, ct)
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJSONBody))
	if err != nil {
		return jsonError(err)
	}
	if !utf8.Valid(body) {
		// The decoder would quietly turn the bad bytes into U+FFFD and store that.
		at := firstInvalidUTF8(body) + 1
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "请求体第 %d 个字节起不是有效的 UTF-8", En: "the request body is not valid UTF-8 from byte %d"}, at)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "JSON 之后还有多余内容", En: "unexpected data after the JSON value"})
	}
	if _, err := dec.Token(); err != io.EOF {
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "JSON 之后还有多余内容", En: "unexpected data after the JSON value"})
	}
	return checkDecoded(v)
}

// firstInvalidUTF8 is the offset of the first byte of b that does not start a valid UTF-8
// sequence.
func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

func jsonError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var maxErr *http.MaxBytesError
	switch {
	case errors.As(err, &maxErr):
		return err
	case errors.As(err, &syn):
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "JSON 格式错误（第 %d 字节）：%v", En: "malformed JSON at byte %d: %v"}, syn.Offset, syn)
	case errors.As(err, &typ):
		return &seedbed.Error{Code: seedbed.EINVALID, Field: typ.Field,
			Text: seedbed.Label{Zh: "类型错误：应为 %s，实际为 JSON %s", En: "wrong type: want %s, got JSON %s"}, Args: []any{typ.Type, typ.Value}}
	case errors.Is(err, io.EOF):
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "请求体为空", En: "empty request body"})
	case errors.Is(err, io.ErrUnexpectedEOF):
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "JSON 不完整", En: "truncated JSON"})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &seedbed.Error{Code: seedbed.EINVALID, Field: f, Text: seedbed.Label{Zh: "未知字段", En: "unknown field"}}
	}
	return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "无法解析 JSON：%v", En: "cannot parse JSON: %v"}, err)
}

// pathID parses the {id} path value.
func pathID(r *http.Request, name string) (int64, error) {
	v := r.PathValue(name)
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, &seedbed.Error{Code: seedbed.ENOTFOUND, Field: name, Text: seedbed.Label{Zh: "无效的编号 %q", En: "invalid id %q"}, Args: []any{v}}
	}
	return id, nil
}

// queryInt parses an optional positive integer query parameter.
func queryInt(q url.Values, name string, def, max int) (int, error) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > max {
		return 0, &seedbed.Error{Code: seedbed.EINVALID, Field: name, Text: seedbed.Label{Zh: "应为 1 到 %d 之间的整数", En: "must be a whole number from 1 to %d"}, Args: []any{max}}
	}
	return n, nil
}

// parseForm parses a form body with a size limit.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return err
		}
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "无法解析表单", En: "cannot parse the form"})
	}
	return checkValues(r.PostForm)
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
