package marshal

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/copydesk/copydesk/gateway/internal/errorsx"
)

// MIMEJSON is the content type of every answer.
const MIMEJSON = "application/json"

// JSON is the gateway's JSON marshaler: snake_case names (UseProtoNames),
// every field present (EmitUnpopulated), timestamps as RFC 3339, and
// unknown fields in a body refused (DiscardUnknown false) so that nobody
// sneaks "role" or "company_id" into a message that has no such field.
type JSON struct {
	pb *runtime.JSONPb
}

var _ runtime.Marshaler = (*JSON)(nil)

// NewJSON returns the JSON marshaler.
func NewJSON() *JSON {
	return &JSON{pb: &runtime.JSONPb{
		MarshalOptions:   protojson.MarshalOptions{UseProtoNames: true, EmitUnpopulated: true},
		UnmarshalOptions: protojson.UnmarshalOptions{DiscardUnknown: false},
	}}
}

// ContentType is application/json.
func (*JSON) ContentType(any) string { return MIMEJSON }

// Marshal encodes v.
func (j *JSON) Marshal(v any) ([]byte, error) { return j.pb.Marshal(v) }

// NewEncoder encodes to w.
func (j *JSON) NewEncoder(w io.Writer) runtime.Encoder { return j.pb.NewEncoder(w) }

// Unmarshal decodes one JSON document into v; problems are decode errors.
func (j *JSON) Unmarshal(data []byte, v any) error {
	var err error
	if m, ok := v.(proto.Message); ok {
		// protojson itself, not JSONPb's streaming decoder, so that
		// anything after the document is refused too.
		err = j.pb.UnmarshalOptions.Unmarshal(data, m)
	} else {
		err = j.pb.Unmarshal(data, v)
	}
	if err != nil {
		return jsonProblem(err, v)
	}
	return nil
}

// NewDecoder reads the whole body (bounded by http.MaxBytesReader upstream)
// and decodes it. An empty body is io.EOF, which grpc-gateway treats as an
// empty message.
func (j *JSON) NewDecoder(r io.Reader) runtime.Decoder {
	return runtime.DecoderFunc(func(v any) error {
		data, err := readBody(r)
		if err != nil {
			return err
		}
		if len(bytes.TrimSpace(data)) == 0 {
			return io.EOF
		}
		return j.Unmarshal(data, v)
	})
}

// readBody reads r; a body over the limit is errorsx.BodyTooLarge.
func readBody(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(r)
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return nil, errorsx.BodyTooLarge()
	case err != nil:
		return nil, errorsx.DecodeError(errorsx.Problem{Kind: "body_unreadable", Msg: "Request body could not be read"})
	}
	return data, nil
}

var (
	unknownField = regexp.MustCompile(`unknown field "?([^"\s]+)"?`)
	invalidValue = regexp.MustCompile(`invalid value for (\w+) field (\w+)`)
	duplicate    = regexp.MustCompile(`duplicate field "?([^"\s]+)"?`)
)

// jsonProblem turns a protojson error into a pydantic-like violation.
func jsonProblem(err error, v any) error {
	msg := err.Error()
	if m := unknownField.FindStringSubmatch(msg); m != nil {
		return errorsx.DecodeError(errorsx.Problem{Kind: "extra_forbidden", Loc: []string{"body", m[1]}, Msg: "Extra inputs are not permitted"})
	}
	if m := duplicate.FindStringSubmatch(msg); m != nil {
		return errorsx.DecodeError(errorsx.Problem{Kind: "value_error", Loc: []string{"body", protoName(v, m[1])}, Msg: "Field must not be repeated"})
	}
	if m := invalidValue.FindStringSubmatch(msg); m != nil {
		typ, text := valueType(m[1])
		return errorsx.DecodeError(errorsx.Problem{Kind: typ, Loc: []string{"body", protoName(v, m[2])}, Msg: text})
	}
	if strings.Contains(msg, "syntax error") || strings.Contains(msg, "unexpected") {
		return errorsx.DecodeError(errorsx.Problem{Kind: "json_invalid", Loc: []string{"body"}, Msg: "JSON decode error"})
	}
	return errorsx.DecodeError(errorsx.Problem{Kind: "value_error", Loc: []string{"body"}, Msg: "Invalid request body"})
}

// protoName maps a JSON (camelCase) field name back to the proto name the
// client used.
func protoName(v any, name string) string {
	m, ok := v.(proto.Message)
	if !ok {
		return name
	}
	fields := m.ProtoReflect().Descriptor().Fields()
	if fd := fields.ByJSONName(name); fd != nil {
		return string(fd.Name())
	}
	return name
}

func valueType(kind string) (typ, msg string) {
	switch kind {
	case "string":
		return "string_type", "Input should be a valid string"
	case "bool":
		return "bool_type", "Input should be a valid boolean"
	case "int32", "int64", "uint32", "uint64", "sint32", "sint64", "fixed32", "fixed64", "sfixed32", "sfixed64":
		return "int_type", "Input should be a valid integer"
	case "float", "double":
		return "float_type", "Input should be a valid number"
	case "message":
		return "model_type", "Input should be a valid object"
	default:
		return "value_error", "Input is not valid for this field"
	}
}
