package apidoc

import "strings"

// Names of the error definitions, as FastAPI names them.
const (
	defHTTPError       = "HTTPError"
	defValidationError = "ValidationError"
	defHTTPValidation  = "HTTPValidationError"
	defOAuth2Error     = "OAuth2Error"
)

func errorDefinitions() object {
	str := func(desc string) object { return object{"type": "string", "description": desc} }
	return object{
		defHTTPError: object{
			"type": "object", "required": list{"detail"},
			"description": "An error answer: {\"detail\": \"message\"}.",
			"properties":  object{"detail": str("What went wrong, for a person.")},
		},
		defValidationError: object{
			"type": "object", "required": list{"loc", "msg", "type"},
			"description": "One invalid input.",
			"properties": object{
				"loc":  object{"type": "array", "items": object{"type": "string"}, "description": "Where: body, query or path, then the field names."},
				"msg":  str("What is wrong with it."),
				"type": str("A stable kind, e.g. missing, extra_forbidden, string_type, json_invalid, value_error."),
			},
		},
		defHTTPValidation: object{
			"type": "object", "required": list{"detail"},
			"description": "A 422 answer: the list of invalid inputs.",
			"properties": object{"detail": object{
				"type": "array", "items": ref(defValidationError),
			}},
		},
		defOAuth2Error: object{
			"type": "object", "required": list{"detail", "error"},
			"description": "A token endpoint error: FastAPI's detail beside RFC 6749 §5.2's error.",
			"properties": object{
				"detail":            object{"description": "A message, or a list of ValidationError for a 422."},
				"error":             str("invalid_request, invalid_grant, unsupported_grant_type, temporarily_unavailable or server_error."),
				"error_description": str("The detail when it is a message."),
			},
		},
	}
}

func ref(def string) object { return object{"$ref": "#/definitions/" + def} }

// Operations whose answers can be 429: the login throttle and everything
// that calls a language model (the llm service's budget and rate limit
// reach the caller through agents, tickets' drafts and knowledge).
var rateLimited = map[string]bool{
	tokenOp:                          true,
	"LLMService_Complete":            true,
	"LLMService_StreamComplete":      true,
	"LLMService_Embed":               true,
	"ChatService_Chat":               true,
	"ChatService_StreamChat":         true,
	"DraftService_DraftTicket":       true,
	"CampaignPlanService_CreatePlan": true,
	"KnowledgeService_Ingest":        true,
	"KnowledgeService_Search":        true,
	"KnowledgeService_CreateChunk":   true,
	"KnowledgeService_UpdateChunk":   true,
	"KnowledgeService_UpdateChunk2":  true,
}

// Writes that never conflict (no version, no uniqueness, no state).
var neverConflicts = map[string]bool{
	"LLMService_Complete":                          true,
	"LLMService_StreamComplete":                    true,
	"LLMService_Embed":                             true,
	"LLMService_UpdateBudget":                      true,
	"KnowledgeService_Search":                      true,
	"NotificationService_MarkNotificationRead":     true,
	"NotificationService_MarkAllNotificationsRead": true,
	"UserService_ChangePassword":                   true,
}

// Operations every signed-in user may call: no role makes them 403.
var anyUser = map[string]bool{
	"AuthService_Me":                               true,
	"AuthService_Logout":                           true,
	"UserService_ChangePassword":                   true,
	"NotificationService_ListNotifications":        true,
	"NotificationService_MarkNotificationRead":     true,
	"NotificationService_MarkAllNotificationsRead": true,
}

// addResponses adds the error answers an operation can give, each with its
// body's definition. The rules follow the gateway and the services:
// 401 without a valid token (or a bad login / refresh token), 403 for a
// role that may not, 404 for a resource named in the path, 409 for writes
// (stale version, uniqueness, state), 422 for invalid parameters or body,
// 429 for the rate-limited operations above.
func addResponses(op object, path, method, id string) {
	resp, _ := op["responses"].(object)
	if resp == nil {
		resp = object{}
		op["responses"] = resp
	}
	body := ref(defHTTPError)
	invalid := ref(defHTTPValidation)
	if id == tokenOp {
		body, invalid = ref(defOAuth2Error), ref(defOAuth2Error)
		set(resp, "400", "A query string on the token endpoint.", body)
	}
	public := publicOps[id]
	switch {
	case id == tokenOp:
		set(resp, "401", "Incorrect username or password (or an invalid refresh token).", body)
	case id == refreshOp:
		set(resp, "401", "The refresh token is invalid, expired or was already used.", body)
	default:
		set(resp, "401", "Not authenticated, or the token is invalid or expired.", body)
	}
	if !public && !anyUser[id] {
		set(resp, "403", "The caller's role may not do this.", body)
	}
	if strings.Contains(path, "{") {
		set(resp, "404", "No such resource (or not visible to the caller).", body)
	}
	if method != "get" && strings.HasPrefix(path, "/api/") && !neverConflicts[id] {
		set(resp, "409", "Conflict: a stale version, a name already taken, or a state that forbids it.", body)
	}
	if takesInput(op) {
		set(resp, "422", "Invalid input.", invalid)
	}
	if rateLimited[id] {
		set(resp, "429", "Too many requests or over budget; retry after Retry-After seconds.", body)
	}
}

func set(resp object, code, desc string, schema object) {
	if _, ok := resp[code]; !ok {
		resp[code] = object{"description": desc, "schema": schema}
	}
}

// takesInput: any parameter (path, query, body, form) can be invalid.
func takesInput(op object) bool {
	params, _ := op["parameters"].(list)
	return len(params) > 0
}
