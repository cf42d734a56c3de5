package web

import (
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"seedbed"
)

// checkValues applies seedbed.CheckText to every value of a form or query string, in the order
// of the keys so that the same input always names the same field.
func checkValues(vals url.Values) error {
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if e := seedbed.CheckText("", k); e != nil {
			return e
		}
		for _, v := range vals[k] {
			if e := seedbed.CheckText(k, v); e != nil {
				return e
			}
		}
	}
	return nil
}

// checkDecoded applies seedbed.CheckText to every string a decoded JSON value holds, naming the
// field by its JSON path ("scores.team_drive", "stages[1].name"). JSON's \u0000 escape lets a
// NUL through the decoder, which this catches before the store sees it.
func checkDecoded(v any) error {
	return checkValue(reflect.ValueOf(v), "")
}

func checkValue(v reflect.Value, path string) error {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return checkValue(v.Elem(), path)
	case reflect.String:
		if e := seedbed.CheckText(path, v.String()); e != nil {
			return e
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name := jsonName(f)
			if name == "-" {
				continue
			}
			fieldPath := joinPath(path, name)
			if f.Anonymous && f.Tag.Get("json") == "" {
				fieldPath = path // an embedded struct's fields are the outer object's
			}
			if err := checkValue(v.Field(i), fieldPath); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return nil // []byte is base64 in JSON: binary, not text
		}
		for i := range v.Len() {
			if err := checkValue(v.Index(i), path+"["+strconv.Itoa(i)+"]"); err != nil {
				return err
			}
		}
	case reflect.Map:
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		for _, k := range keys {
			if k.Kind() == reflect.String {
				if e := seedbed.CheckText(path, k.String()); e != nil {
					return e
				}
			}
			if err := checkValue(v.MapIndex(k), joinPath(path, k.String())); err != nil {
				return err
			}
		}
	}
	return nil
}

func jsonName(f reflect.StructField) string {
	tag := f.Tag.Get("json")
	if tag == "" {
		return f.Name
	}
	name, _, _ := strings.Cut(tag, ",")
	if name == "" {
		return f.Name
	}
	return name
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// checkRequestText refuses a path or query string that holds a control character or bytes that
// are not UTF-8 once percent-decoded, before any handler passes them on.
func checkRequestText(r *http.Request) error {
	if e := seedbed.CheckText("path", r.URL.Path); e != nil {
		return e
	}
	q, _ := url.ParseQuery(r.URL.RawQuery) // what does not parse, no handler sees
	return checkValues(q)
}
