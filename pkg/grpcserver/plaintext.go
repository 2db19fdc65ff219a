package grpcserver

import (
	"context"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/plaintext"
)

// checkText refuses a request with a control character (other than
// newline, carriage return and tab) in any text field: a 422 naming the
// field, before the handler runs, in every service (pkg/plaintext).
func checkText(req any) error {
	m, ok := req.(proto.Message)
	if !ok {
		return nil
	}
	field, bad := plaintext.Violation(m.ProtoReflect())
	if !bad {
		return nil
	}
	var v errs.Validator
	v.Add(field, "value_error", "%s must be text without control characters", field)
	return v.Err()
}

func plainTextUnary(ctx context.Context, req any, _ *grpc.UnaryServerInfo, next grpc.UnaryHandler) (any, error) {
	if err := checkText(req); err != nil {
		return nil, err
	}
	return next(ctx, req)
}

func plainTextStream(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, next grpc.StreamHandler) error {
	return next(srv, textCheckedStream{ss})
}

// textCheckedStream checks every message a client streams in.
type textCheckedStream struct{ grpc.ServerStream }

func (s textCheckedStream) RecvMsg(m any) error {
	if err := s.ServerStream.RecvMsg(m); err != nil {
		return err
	}
	return checkText(m)
}
