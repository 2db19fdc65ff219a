package stack

// Service is one gRPC service binary of the stack.
type Service struct {
	// Name is the binary's name in BinDir and the name of its log file.
	Name string
	// AddrEnv is the variable through which the gateway and the other
	// services find this service's gRPC address.
	AddrEnv string
}

// Services are started in this order, before the gateway. A new service
// adds one row here (and its *_ADDR variable to the gateway's config).
var Services = []Service{
	{Name: "users", AddrEnv: "USERS_ADDR"},
	{Name: "auth", AddrEnv: "AUTH_ADDR"},
	{Name: "llm", AddrEnv: "LLM_ADDR"},
	{Name: "knowledge", AddrEnv: "KNOWLEDGE_ADDR"},
	{Name: "agents", AddrEnv: "AGENTS_ADDR"},
	{Name: "tickets", AddrEnv: "TICKETS_ADDR"},
	{Name: "campaigns", AddrEnv: "CAMPAIGNS_ADDR"},
}

// Gateway is the name of the REST edge binary, started last.
const Gateway = "gateway"

// BuildTags are the tags every binary of the stack is built with: by
// `make build`, the image (deploy/Dockerfile), the e2e suites and the
// runner's tests. grpcnotrace is gRPC's own tag for leaving out
// golang.org/x/net/trace, which imports html/template; text/template's
// reflect.Value.MethodByName with a run-time name makes the Go linker keep
// every exported method of every reachable type. Without it the binaries
// were 36–69 MB; with it 29–43 MB, and the idle RSS of every process fell
// by 3–10 MB, almost all of it the binary's mapped pages
// (docs/performance.md, P4). TestBinariesLinkNoTemplateEngine keeps it so.
const BuildTags = "grpcnotrace"

// stackOwned are variables the stack sets per process; values inherited
// from the caller's environment are dropped so they cannot leak into the
// wrong process (e.g. one MONGO_DB for every service).
// JWT_SIGNING_KEYS reaches auth alone.
var stackOwned = []string{"GRPC_ADDR", "PPROF_ADDR", "MONGO_DB", "PORT", "HOST", "METRICS_ADDR", "MONGO_URI", "JWT_SIGNING_KEYS", "TLS_DIR", "SECRETS_KEY", "SECRETS_KEY_ID", "SECRETS_OLD_KEYS", "DATA_DIR", "PUBLIC_URL", "FILES_LINK_SECRET"}
