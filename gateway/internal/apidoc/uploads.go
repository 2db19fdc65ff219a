package apidoc

// The multipart upload routes are served by the gateway itself (grpc-
// gateway has no multipart), so the generated document lacks them; they
// are described here, next to the routes' code in internal/edge/upload.go.
const (
	ticketUploadOp    = "TicketAttachmentService_UploadAttachment"
	knowledgeUploadOp = "KnowledgeService_UploadSource"
	defUploadSource   = "v1UploadSourceResponse"
)

func addUploads(paths, defs object) {
	defs[defUploadSource] = object{
		"type": "object", "description": "The ingested upload.",
		"properties": object{
			"source":      ref("copydeskKnowledgeV1Source"),
			"chunk_count": object{"type": "integer", "format": "int32", "description": "How many chunks the document became."},
			"unchanged":   object{"type": "boolean", "description": "The same document was already ingested under this ref."},
		},
	}
	file := object{"name": "file", "in": "formData", "type": "file", "required": true,
		"description": "The file, after the other fields. Its type is read from its content and must match its extension."}
	str := func(name, desc string) object {
		return object{"name": name, "in": "formData", "type": "string", "required": false, "description": desc}
	}
	refused := func(op object, kinds string) object {
		op["consumes"] = list{"multipart/form-data"}
		op["responses"] = object{
			"413": object{"description": "The file is over the size limit.", "schema": ref(defHTTPError)},
			"415": object{"description": "Not multipart, or a file type that is not accepted (" + kinds + ") or whose content is not what its name says.", "schema": ref(defHTTPError)},
		}
		return op
	}
	item := func(path string) object {
		it, _ := paths[path].(object)
		if it == nil {
			it = object{}
			paths[path] = it
		}
		return it
	}
	op := refused(object{
		"summary":     "UploadAttachment attaches a file to a ticket (multipart/form-data, field \"file\").",
		"operationId": ticketUploadOp, "tags": list{"TicketAttachmentService"},
		"parameters": list{object{"name": "id", "in": "path", "required": true, "type": "string", "description": "id of the ticket."}, file},
	}, ".pdf .png .jpg .jpeg .gif .webp .txt .md .csv .docx .xlsx .pptx")
	op["responses"].(object)["200"] = object{"description": "The stored attachment.", "schema": ref("v1Attachment")}
	item("/api/tickets/{id}/attachments")["post"] = op

	op = refused(object{
		"summary":     "UploadSource ingests an uploaded document (multipart/form-data) and keeps the original.",
		"operationId": knowledgeUploadOp, "tags": list{"KnowledgeService"},
		"parameters": list{
			str("title", "Title (default: the file name without extension)."),
			str("ref", "Reference within the company (default: the file name); the same ref replaces."),
			str("tags", "Tags, repeated or comma-separated."),
			str("agent_ids", "Agent ids, repeated or comma-separated."),
			str("company_id", "The company (superadmin only)."),
			file,
		},
	}, ".md .markdown .html .htm .txt .pdf")
	op["responses"].(object)["200"] = object{"description": "The ingested source.", "schema": ref(defUploadSource)}
	item("/api/knowledge_sources/upload")["post"] = op
}
