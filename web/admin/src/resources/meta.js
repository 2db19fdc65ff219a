// meta.js: what the data provider must know of each resource: its path,
// the sort names its list accepts, the fields a client may edit, the
// timestamp fields of its forms, and whether writes carry `version`.
// These mirror the services' READMEs and protos (UpdateXRequest).

export const ticketTypes = ['blog_post', 'social_post', 'email', 'product_description', 'other'];
export const priorities = ['low', 'normal', 'high', 'urgent'];
export const ticketStatuses = ['open', 'in_progress', 'in_review', 'changes_requested', 'approved', 'published', 'closed', 'cancelled'];
export const campaignStatuses = ['draft', 'scheduled', 'active', 'paused', 'completed', 'archived'];
export const channels = ['blog', 'social', 'email', 'web', 'newsletter', 'ads', 'video', 'podcast', 'print', 'events'];
export const roles = ['superadmin', 'company_admin', 'content_manager', 'content_writer', 'client'];
export const eventTypes = ['ticket.created', 'ticket.status_changed', 'ticket.assigned', 'ticket.comment_added'];

// ticketSteps is ARCHITECTURE §4 (services/tickets/internal/domain/workflow.go):
// the legal next statuses of each status. Whether the caller's role may take
// a step the server decides (403).
export const ticketSteps = {
  open: ['in_progress', 'cancelled'],
  in_progress: ['in_review', 'cancelled'],
  in_review: ['approved', 'changes_requested', 'cancelled'],
  changes_requested: ['in_progress', 'cancelled'],
  approved: ['published', 'cancelled'],
  published: ['closed', 'cancelled'],
  closed: ['open'],
  cancelled: [],
};

export const choices = (xs) => xs.map((x) => ({ id: x, name: x.replace(/_/g, ' ') }));

export const resources = {
  companies: {
    sorts: ['name', 'created_at', 'updated_at'],
    editable: ['name', 'description', 'is_active'],
  },
  users: {
    sorts: ['email', 'full_name', 'role', 'created_at', 'updated_at'],
    editable: ['email', 'full_name', 'role', 'is_active', 'password'],
  },
  tickets: {
    sorts: ['number', 'title', 'status', 'priority', 'due_at', 'created_at', 'updated_at'],
    editable: ['title', 'description', 'type', 'priority', 'due_at', 'tags', 'campaign_id', 'agent_id'],
    dates: ['due_at'],
    versioned: true,
    onUpdate(body) {
      if ('due_at' in body && !body.due_at) {
        delete body.due_at;
        body.clear_due_at = true;
      }
      if (body.campaign_id === null) body.campaign_id = '';
    },
  },
  campaigns: {
    sorts: ['name', 'status', 'start_at', 'end_at', 'budget_cents', 'created_at', 'updated_at'],
    editable: ['name', 'description', 'goal', 'status', 'start_at', 'end_at', 'channels', 'audience', 'budget_cents', 'currency', 'tags', 'owner_id'],
    dates: ['start_at', 'end_at'],
    versioned: true,
    onUpdate(body, next) {
      if (('start_at' in body && !body.start_at) || ('end_at' in body && !body.end_at)) {
        delete body.start_at;
        delete body.end_at;
        if (!next.start_at && !next.end_at) body.clear_dates = true;
      }
    },
  },
  webhooks: {
    sorts: [],
    editable: ['url', 'secret', 'event_types', 'active'],
    onUpdate(body) {
      if (!body.secret) delete body.secret;
      if ('event_types' in body) body.replace_event_types = true;
    },
  },
  ticket_comments: { nested: { parent: 'tickets', sub: 'comments', key: 'ticket_id' }, sorts: [] },
  ticket_history: { nested: { parent: 'tickets', sub: 'history', key: 'ticket_id' }, sorts: [] },
  knowledge_chunks: {
    sorts: ['created_at', 'updated_at', 'title', 'position'],
    editable: ['title', 'content', 'tags', 'agent_ids'],
  },
  knowledge_sources: {
    sorts: ['created_at', 'updated_at', 'title'],
    editable: [],
  },
};
