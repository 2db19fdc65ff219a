package edge

import (
	"regexp"
	"strings"

	"google.golang.org/genproto/googleapis/api/annotations"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// editRoute describes one PUT or PATCH binding that edits a resource: the
// resource message (the update response's response_body) and the fields
// the resource shows but the update request does not take — its
// read-only output fields (id-like, company_id, created_at, number, …).
//
// React Admin sends back the whole record it read, so these fields come
// with every edit. The edge accepts them: moving values (timestamps,
// numbers: the server keeps them and they change under an open form) are
// dropped; every other one is dropped when it equals the stored record
// (read through the resource's own GET at the same path) and refused
// with 422 frozen_field when it does not (as any read-only field was), so a changed company_id, created_by or
// status never passes unnoticed. Fields the update request has too
// (role, version, company_id of a budget) go on to the service, which
// decides as before; a field the resource does not have stays a 422.
type editRoute struct {
	resource protoreflect.MessageDescriptor
	// outputOnly maps both the proto and the JSON name of each read-only
	// field to it.
	outputOnly map[string]protoreflect.FieldDescriptor
	// readable: the resource has a GET at the same path to compare with.
	readable bool
}

// moving reports whether a read-only field is one the server changes by
// itself (a time or a measure), dropped whatever its value.
func moving(fd protoreflect.FieldDescriptor) bool {
	switch fd.Kind() {
	case protoreflect.MessageKind:
		return !fd.IsList() && !fd.IsMap() && fd.Message().FullName() == "google.protobuf.Timestamp"
	case protoreflect.DoubleKind, protoreflect.FloatKind,
		protoreflect.Int32Kind, protoreflect.Int64Kind, protoreflect.Uint32Kind, protoreflect.Uint64Kind,
		protoreflect.Sint32Kind, protoreflect.Sint64Kind, protoreflect.Fixed32Kind, protoreflect.Fixed64Kind,
		protoreflect.Sfixed32Kind, protoreflect.Sfixed64Kind:
		return !fd.IsList()
	}
	return false
}

// pathVar turns a google.api.http path's "{id}" into grpc-gateway's
// pattern spelling "{id=*}".
var pathVar = regexp.MustCompile(`\{([^}=]+)\}`)

func patternOf(path string) string { return pathVar.ReplaceAllString(path, "{$1=*}") }

// editRoutes derives, from the descriptors of every registered copydesk
// service, the edit routes keyed by "METHOD pattern" as routeMiddleware
// names them. Any service present or future is covered by its protos.
func editRoutes() map[string]*editRoute {
	out := map[string]*editRoute{}
	gets := map[string]bool{}
	protoregistry.GlobalFiles.RangeFiles(func(f protoreflect.FileDescriptor) bool {
		if !strings.HasPrefix(string(f.Package()), "copydesk.") {
			return true
		}
		for i := range f.Services().Len() {
			methods := f.Services().Get(i).Methods()
			for j := range methods.Len() {
				addMethod(methods.Get(j), out, gets)
			}
		}
		return true
	})
	for key, e := range out {
		_, pattern, _ := strings.Cut(key, " ")
		e.readable = gets[pattern]
	}
	return out
}

func addMethod(m protoreflect.MethodDescriptor, out map[string]*editRoute, gets map[string]bool) {
	rule, ok := proto.GetExtension(m.Options(), annotations.E_Http).(*annotations.HttpRule)
	if !ok || rule == nil {
		return
	}
	for _, r := range append([]*annotations.HttpRule{rule}, rule.GetAdditionalBindings()...) {
		switch {
		case r.GetGet() != "":
			gets[patternOf(r.GetGet())] = true
		case r.GetPut() != "" || r.GetPatch() != "":
			method, path := "PUT", r.GetPut()
			if path == "" {
				method, path = "PATCH", r.GetPatch()
			}
			if e := newEditRoute(m, r); e != nil {
				out[method+" "+patternOf(path)] = e
			}
		}
	}
}

// newEditRoute is nil unless the binding takes the whole request as body
// and answers one message field of the response (the resource).
func newEditRoute(m protoreflect.MethodDescriptor, r *annotations.HttpRule) *editRoute {
	if r.GetBody() != "*" || r.GetResponseBody() == "" {
		return nil
	}
	rf := m.Output().Fields().ByName(protoreflect.Name(r.GetResponseBody()))
	if rf == nil || rf.Message() == nil || rf.IsList() {
		return nil
	}
	e := &editRoute{resource: rf.Message(), outputOnly: map[string]protoreflect.FieldDescriptor{}}
	in := m.Input().Fields()
	fields := e.resource.Fields()
	for i := range fields.Len() {
		fd := fields.Get(i)
		if in.ByName(fd.Name()) != nil {
			continue
		}
		e.outputOnly[string(fd.Name())] = fd
		e.outputOnly[fd.JSONName()] = fd
	}
	return e
}
