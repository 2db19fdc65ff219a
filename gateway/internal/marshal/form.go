package marshal

import (
	"io"
	"net/url"
	"unicode/utf8"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/protobuf/proto"

	"github.com/copydesk/copydesk/gateway/internal/errorsx"
)

// MIMEForm is the only content type POST /auth/token accepts.
const MIMEForm = "application/x-www-form-urlencoded"

// Form decodes application/x-www-form-urlencoded bodies into the request
// message by proto field name, and answers in JSON. As RFC 6749 §3.2 asks,
// unrecognised parameters are ignored; a repeated parameter is refused
// (§3.1).
type Form struct {
	json *JSON
}

var _ runtime.Marshaler = (*Form)(nil)

// NewForm returns the form marshaler; answers are written by j.
func NewForm(j *JSON) *Form { return &Form{json: j} }

// ContentType is that of the answer: application/json.
func (f *Form) ContentType(v any) string { return f.json.ContentType(v) }

// Marshal writes JSON.
func (f *Form) Marshal(v any) ([]byte, error) { return f.json.Marshal(v) }

// NewEncoder writes JSON.
func (f *Form) NewEncoder(w io.Writer) runtime.Encoder { return f.json.NewEncoder(w) }

// NewDecoder reads a form body.
func (f *Form) NewDecoder(r io.Reader) runtime.Decoder {
	return runtime.DecoderFunc(func(v any) error {
		data, err := readBody(r)
		if err != nil {
			return err
		}
		if len(data) == 0 {
			return io.EOF
		}
		return f.Unmarshal(data, v)
	})
}

// Unmarshal fills v (a proto message) from a form body.
func (f *Form) Unmarshal(data []byte, v any) error {
	msg, ok := v.(proto.Message)
	if !ok {
		return errorsx.DecodeError(errorsx.Problem{Kind: "value_error", Loc: []string{"body"}, Msg: "Invalid request body"})
	}
	values, err := url.ParseQuery(string(data))
	if err != nil {
		return errorsx.DecodeError(errorsx.Problem{Kind: "form_invalid", Loc: []string{"body"}, Msg: "Form data could not be parsed"})
	}
	fields := msg.ProtoReflect().Descriptor().Fields()
	for key, vals := range values {
		fd := fields.ByTextName(key)
		if fd == nil {
			continue
		}
		if len(vals) != 1 {
			return errorsx.DecodeError(errorsx.Problem{Kind: "value_error", Loc: []string{"body", key}, Msg: "Parameter must not be repeated"})
		}
		if !utf8.ValidString(vals[0]) {
			return errorsx.DecodeError(errorsx.Problem{Kind: "string_unicode", Loc: []string{"body", key}, Msg: "Input must be valid UTF-8"})
		}
		if err := runtime.PopulateFieldFromPath(msg, key, vals[0]); err != nil {
			return errorsx.DecodeError(errorsx.Problem{Kind: "value_error", Loc: []string{"body", key}, Msg: "Input is not valid for this field"})
		}
	}
	return nil
}
