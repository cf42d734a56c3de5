package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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
			return seedbed.Errorf(seedbed.EINVALID, "Content-Type 应为 application/json，实际为 %q / Content-Type must be application/json, got %q", ct, ct)
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJSONBody))
	if err != nil {
		return jsonError(err)
	}
	if !utf8.Valid(body) {
		// The decoder would quietly turn the bad bytes into U+FFFD and store that.
		at := firstInvalidUTF8(body) + 1
		return seedbed.Errorf(seedbed.EINVALID, "请求体第 %d 个字节起不是有效的 UTF-8 / the request body is not valid UTF-8 from byte %d", at, at)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return seedbed.Errorf(seedbed.EINVALID, "JSON 之后还有多余内容 / unexpected data after the JSON value")
	}
	if _, err := dec.Token(); err != io.EOF {
		return seedbed.Errorf(seedbed.EINVALID, "JSON 之后还有多余内容 / unexpected data after the JSON value")
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
		return seedbed.Errorf(seedbed.EINVALID, "JSON 格式错误（第 %d 字节）：%v / malformed JSON at byte %d: %v", syn.Offset, syn, syn.Offset, syn)
	case errors.As(err, &typ):
		return &seedbed.Error{Code: seedbed.EINVALID, Field: typ.Field,
			Message: fmt.Sprintf("类型错误：应为 %s，实际为 JSON %s / wrong type: want %s, got JSON %s", typ.Type, typ.Value, typ.Type, typ.Value)}
	case errors.Is(err, io.EOF):
		return seedbed.Errorf(seedbed.EINVALID, "请求体为空 / empty request body")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return seedbed.Errorf(seedbed.EINVALID, "JSON 不完整 / truncated JSON")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &seedbed.Error{Code: seedbed.EINVALID, Field: f, Message: "未知字段 / unknown field"}
	}
	return seedbed.Errorf(seedbed.EINVALID, "无法解析 JSON：%v / cannot parse JSON: %v", err, err)
}

// pathID parses the {id} path value.
func pathID(r *http.Request, name string) (int64, error) {
	v := r.PathValue(name)
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, &seedbed.Error{Code: seedbed.ENOTFOUND, Field: name, Message: fmt.Sprintf("无效的编号 %q / invalid id %q", v, v)}
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
		return 0, &seedbed.Error{Code: seedbed.EINVALID, Field: name, Message: fmt.Sprintf("应为 1 到 %d 之间的整数 / must be a whole number from 1 to %d", max, max)}
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
		return seedbed.Errorf(seedbed.EINVALID, "无法解析表单 / cannot parse the form")
	}
	return checkValues(r.PostForm)
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
