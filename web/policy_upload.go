package web

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"seedbed"
	"seedbed/i18n"
	"seedbed/policy"
)

// maxPolicyUpload bounds an upload request: one policy document and the form around it.
const maxPolicyUpload = 2*policy.MaxDocumentBytes + 64<<10

// policyUploadData is the upload form: the text as submitted (kept when it is refused), and
// the source with line numbers and the lines that have problems marked.
type policyUploadData struct {
	Source  string
	FieldID string // the textarea's id: the file name that errors name, so the summary links to it
	Lines   []sourceLine
}

type sourceLine struct {
	N    int
	Text string
	Bad  bool
}

func (s *Server) policyNew(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.render(w, r, "policy_upload", i18n.T(c.Lang, "policy.upload_title"), policyUploadData{FieldID: "policy.yaml"})
}

// readPolicyForm reads an uploaded policy from a form: a chosen file wins over pasted text.
// The file name is "" for pasted text.
func readPolicyForm(w http.ResponseWriter, r *http.Request) (file string, src []byte, err error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		if err := parseForm(w, r); err != nil {
			return "", nil, err
		}
		return "", []byte(r.PostForm.Get("source")), nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxPolicyUpload)
	if err := r.ParseMultipartForm(maxPolicyUpload); err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return "", nil, err
		}
		return "", nil, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "无法解析上传的表单", En: "cannot parse the uploaded form"})
	}
	if f, h, err := r.FormFile("file"); err == nil {
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, policy.MaxDocumentBytes+1))
		if err != nil {
			return "", nil, seedbed.FieldError("file", seedbed.Label{Zh: "无法读取上传的文件", En: "cannot read the uploaded file"})
		}
		if len(b) > 0 {
			name := h.Filename
			if name == "" {
				name = "policy.yaml"
			}
			return name, b, nil
		}
	}
	return "", []byte(r.FormValue("source")), nil
}

// policyUpload checks and tests an uploaded version and stores it as a draft; a refused one
// is shown again with every problem at its line and column, and nothing is stored.
func (s *Server) policyUpload(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	title := i18n.T(c.Lang, "policy.upload_title")
	file, src, err := readPolicyForm(w, r)
	if err != nil {
		return s.renderWithErrors(w, r, "policy_upload", title, policyUploadData{FieldID: "policy.yaml"}, err)
	}
	if strings.TrimSpace(string(src)) == "" {
		return s.renderWithErrors(w, r, "policy_upload", title, policyUploadData{FieldID: "source"},
			seedbed.FieldError("source", seedbed.Label{Zh: "请粘贴政策文本或选择文件", En: "paste the policy text or choose a file"}))
	}
	pv, err := s.Policies.Upload(r.Context(), c.Actor, file, src)
	if err != nil {
		d := policyUploadData{Source: string(src), FieldID: "policy.yaml"}
		es := asErrors(err)
		bad := map[int]bool{}
		for _, e := range es {
			bad[e.Line] = true
			if e.Field != "" {
				d.FieldID = e.Field
			}
		}
		if len(src) <= policy.MaxDocumentBytes {
			for i, line := range strings.Split(string(src), "\n") {
				d.Lines = append(d.Lines, sourceLine{N: i + 1, Text: line, Bad: bad[i+1]})
			}
		}
		return s.renderWithErrors(w, r, "policy_upload", title, d, err)
	}
	return s.redirect(w, r, fmt.Sprintf("/policies/%s/versions/%d", urlPathEscape(pv.PolicyID), pv.Version),
		i18n.T(c.Lang, "policy.uploaded", pv.PolicyID, pv.Version))
}

// policyPublish publishes a draft (checked and tested again); a refusal is shown on its page.
func (s *Server) policyPublish(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	v, err := pathVersion(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	pv, err := s.Policies.Publish(r.Context(), c.Actor, id, v)
	if err != nil {
		if asErrors(err) == nil || seedbed.ErrorCode(err) == seedbed.ENOTFOUND {
			return err
		}
		return s.renderVersion(w, r, c, id, v, err)
	}
	return s.redirect(w, r, fmt.Sprintf("/policies/%s/versions/%d", urlPathEscape(id), v),
		i18n.T(c.Lang, "policy.published", pv.PolicyID, pv.Version))
}

func urlPathEscape(s string) string { return strings.ReplaceAll(urlQueryEscape(s), "+", "%20") }
