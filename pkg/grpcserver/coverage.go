package grpcserver

import (
	"slices"

	"google.golang.org/grpc"
)

// Coverage compares p with the services it guards, for a service's policy
// test: missing lists their methods that p names neither as public nor
// with at least one role (the fail-closed default would refuse them, by
// accident), unknown the methods p names that none of the services has.
// Both are sorted.
func (p Policy) Coverage(services ...grpc.ServiceDesc) (missing, unknown []string) {
	served := map[string]bool{}
	for _, sd := range services {
		for _, m := range sd.Methods {
			served["/"+sd.ServiceName+"/"+m.MethodName] = true
		}
		for _, st := range sd.Streams {
			served["/"+sd.ServiceName+"/"+st.StreamName] = true
		}
	}
	for full := range served {
		if !p.Public[full] && len(p.Roles[full]) == 0 {
			missing = append(missing, full)
		}
	}
	for full := range p.Roles {
		if !served[full] {
			unknown = append(unknown, full)
		}
	}
	for full := range p.Public {
		if !served[full] {
			unknown = append(unknown, full)
		}
	}
	slices.Sort(missing)
	slices.Sort(unknown)
	return missing, unknown
}
