package receiver

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/receiverapi"
)

// dialect holds what differs between SQLite and PostgreSQL; the rest of the
// SQL is the same text. Queries are written with ? and rebound for PostgreSQL.
type dialect struct {
	name       string
	serial     string // an auto-increment primary key column type
	blob       string
	skipLocked string // appended to a SELECT that claims rows
	dollar     bool   // $1 placeholders
}

var (
	sqliteDialect   = dialect{name: "sqlite", serial: "INTEGER PRIMARY KEY AUTOINCREMENT", blob: "BLOB"}
	postgresDialect = dialect{name: "postgres", serial: "BIGSERIAL PRIMARY KEY", blob: "BYTEA",
		skipLocked: " FOR UPDATE SKIP LOCKED", dollar: true}
)

func (d dialect) q(query string) string {
	if !d.dollar {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

type sqlStore struct {
	db *sql.DB
	d  dialect
}

// Open opens the store a database URL names: "sqlite:<file>" (or a bare file
// path) for SQLite, "postgres://..." or "postgresql://..." for PostgreSQL.
// It creates the tables when they are missing.
func Open(ctx context.Context, database string) (Store, error) {
	var s *sqlStore
	switch {
	case strings.HasPrefix(database, "postgres://"), strings.HasPrefix(database, "postgresql://"):
		db, err := sql.Open("pgx", database)
		if err != nil {
			return nil, fmt.Errorf("open PostgreSQL: %w", err)
		}
		db.SetMaxOpenConns(16)
		db.SetMaxIdleConns(16)
		s = &sqlStore{db: db, d: postgresDialect}
	default:
		path := strings.TrimPrefix(database, "sqlite:")
		if path == "" {
			return nil, errors.New("the database is empty: name a SQLite file (sqlite:/var/lib/whatsapp-receiver/receiver.db) or a postgres:// URL")
		}
		// WAL with synchronous=FULL: a commit is on disk before the
		// receiver answers 200. One connection: SQLite has one writer, and
		// the receiver batches writes (accept.go) rather than wait on locks.
		dsn := "file:" + (&url.URL{Path: path}).EscapedPath() +
			"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(30000)&_pragma=foreign_keys(ON)&_txlock=immediate"
		db, err := sql.Open("sqlite", dsn)
		if err != nil {
			return nil, fmt.Errorf("open SQLite %s: %w", path, err)
		}
		db.SetMaxOpenConns(1)
		s = &sqlStore{db: db, d: sqliteDialect}
	}
	if err := s.migrate(ctx); err != nil {
		_ = s.db.Close()
		return nil, err
	}
	return s, nil
}

func (s *sqlStore) schema() []string {
	d := s.d
	return []string{
		// posts is the queue: every post answered 200, as received. Its
		// body_sha256 is unique, which is how replays are recognised; rows
		// live for the retention (at least 8 days, longer than WhatsApp's
		// 7 days of retries).
		`CREATE TABLE IF NOT EXISTS posts (
			id ` + d.serial + `,
			body_sha256 TEXT NOT NULL UNIQUE,
			flavor TEXT NOT NULL,
			body ` + d.blob + ` NOT NULL,
			received_at BIGINT NOT NULL,
			processed_at BIGINT,
			process_error TEXT
		)`,
		`CREATE INDEX IF NOT EXISTS posts_pending ON posts (id) WHERE processed_at IS NULL`,
		`CREATE INDEX IF NOT EXISTS posts_received ON posts (received_at)`,
		// forwards is the outbox: one row per post and consumer URL.
		`CREATE TABLE IF NOT EXISTS forwards (
			id ` + d.serial + `,
			post_id BIGINT NOT NULL,
			url TEXT NOT NULL,
			attempts INTEGER NOT NULL DEFAULT 0,
			next_attempt_at BIGINT NOT NULL,
			delivered_at BIGINT,
			gave_up INTEGER NOT NULL DEFAULT 0,
			last_error TEXT
		)`,
		`CREATE INDEX IF NOT EXISTS forwards_due ON forwards (next_attempt_at) WHERE delivered_at IS NULL AND gave_up = 0`,
		`CREATE INDEX IF NOT EXISTS forwards_post ON forwards (post_id)`,
		// status_events: one row per (message, status), the first received.
		`CREATE TABLE IF NOT EXISTS status_events (
			message_id TEXT NOT NULL,
			status TEXT NOT NULL,
			ts BIGINT NOT NULL,
			received_at BIGINT NOT NULL,
			PRIMARY KEY (message_id, status)
		)`,
		`CREATE INDEX IF NOT EXISTS status_events_received ON status_events (received_at)`,
		// messages: per message, the highest status and the first failure.
		`CREATE TABLE IF NOT EXISTS messages (
			message_id TEXT PRIMARY KEY,
			recipient_id TEXT NOT NULL,
			flavor TEXT NOT NULL,
			callback_data TEXT,
			status TEXT NOT NULL,
			status_rank INTEGER NOT NULL,
			status_ts BIGINT NOT NULL,
			sent_ts BIGINT, delivered_ts BIGINT, read_ts BIGINT, failed_ts BIGINT,
			error_code INTEGER, error_title TEXT, error_details TEXT,
			conv_id TEXT, conv_origin TEXT, conv_expires BIGINT,
			pricing_billable INTEGER, pricing_model TEXT, pricing_category TEXT,
			updated_at BIGINT NOT NULL
		)`,
		`CREATE INDEX IF NOT EXISTS messages_label ON messages (callback_data, message_id)`,
		`CREATE INDEX IF NOT EXISTS messages_updated ON messages (updated_at)`,
		`CREATE TABLE IF NOT EXISTS inbound (
			seq ` + d.serial + `,
			message_id TEXT NOT NULL UNIQUE,
			wa_id TEXT NOT NULL,
			ts BIGINT NOT NULL,
			received_at BIGINT NOT NULL
		)`,
		`CREATE INDEX IF NOT EXISTS inbound_sender ON inbound (wa_id, ts)`,
		`CREATE INDEX IF NOT EXISTS inbound_ts ON inbound (ts)`,
	}
}

func (s *sqlStore) migrate(ctx context.Context) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("connect to the %s database: %w", s.d.name, err)
	}
	defer func() { _ = conn.Close() }()
	if s.d.name == "postgres" {
		// Replicas starting together would race on CREATE TABLE IF NOT EXISTS.
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(2826013)`); err != nil {
			return fmt.Errorf("lock the schema: %w", err)
		}
		defer func() { _, _ = conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(2826013)`) }()
	}
	for _, stmt := range s.schema() {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("create the receiver's tables (%s): %w", s.d.name, err)
		}
	}
	return nil
}

func (s *sqlStore) Close() error                   { return s.db.Close() }
func (s *sqlStore) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

// BodyKey is how a replay is recognised: the SHA-256 of the raw body.
func BodyKey(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

func (s *sqlStore) AcceptPosts(ctx context.Context, posts []Post, forwardTo []string) ([]bool, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer func() { _ = tx.Rollback() }()
	// One statement for the batch: one round trip to PostgreSQL, however
	// many posts wait. A body twice in one batch is a replay too.
	dup := make([]bool, len(posts))
	keys := make([]string, len(posts))
	first := map[string]int{}
	var values []string
	var args []any
	for i, p := range posts {
		keys[i] = BodyKey(p.Body)
		if _, seen := first[keys[i]]; seen {
			dup[i] = true
			continue
		}
		first[keys[i]] = i
		values = append(values, "(?, ?, ?, ?)")
		args = append(args, keys[i], p.Flavor, p.Body, ms(p.ReceivedAt))
	}
	rows, err := tx.QueryContext(ctx, s.d.q(`INSERT INTO posts (body_sha256, flavor, body, received_at) VALUES `+
		strings.Join(values, ", ")+` ON CONFLICT (body_sha256) DO NOTHING RETURNING id, body_sha256`), args...)
	if err != nil {
		return nil, fmt.Errorf("store posts: %w", err)
	}
	inserted := map[string]int64{}
	for rows.Next() {
		var id int64
		var key string
		if err := rows.Scan(&id, &key); err != nil {
			_ = rows.Close()
			return nil, err
		}
		inserted[key] = id
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("store posts: %w", err)
	}
	values, args = values[:0], args[:0]
	for i, p := range posts {
		if dup[i] {
			continue
		}
		id, ok := inserted[keys[i]]
		if !ok {
			dup[i] = true // stored by an earlier post
			continue
		}
		for _, u := range forwardTo {
			values = append(values, "(?, ?, ?)")
			args = append(args, id, u, ms(p.ReceivedAt))
		}
	}
	if len(values) > 0 {
		if _, err := tx.ExecContext(ctx, s.d.q(`INSERT INTO forwards (post_id, url, next_attempt_at) VALUES `+
			strings.Join(values, ", ")), args...); err != nil {
			return nil, fmt.Errorf("store forwards: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("commit posts: %w", err)
	}
	return dup, nil
}

// writers is how many batches may commit at once: one on SQLite, which has
// one writer; several on PostgreSQL.
func (s *sqlStore) writers() int {
	if s.d.name == "postgres" {
		return 4
	}
	return 1
}

func (s *sqlStore) ProcessPosts(ctx context.Context, limit int, parse func(Post) (Facts, error)) (Processed, error) {
	out := Processed{StatusesStored: map[string]int{}}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return out, err
	}
	defer func() { _ = tx.Rollback() }()
	rows, err := tx.QueryContext(ctx, s.d.q(`SELECT id, flavor, body, received_at FROM posts
		WHERE processed_at IS NULL ORDER BY id LIMIT ?`+s.d.skipLocked), limit)
	if err != nil {
		return out, fmt.Errorf("claim posts: %w", err)
	}
	var posts []Post
	for rows.Next() {
		var p Post
		var at int64
		if err := rows.Scan(&p.ID, &p.Flavor, &p.Body, &at); err != nil {
			_ = rows.Close()
			return out, err
		}
		p.ReceivedAt = fromMS(at)
		posts = append(posts, p)
	}
	if err := rows.Close(); err != nil {
		return out, err
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	now := ms(time.Now())
	stmts := &txStatements{tx: tx, stmts: map[string]*sql.Stmt{}}
	defer stmts.close()
	for _, p := range posts {
		facts, perr := parse(p)
		var problem sql.NullString
		if perr != nil {
			out.Unparsable++
			problem = sql.NullString{String: perr.Error(), Valid: true}
		}
		for _, st := range facts.Statuses {
			if err := s.applyStatus(ctx, stmts, p, st, now, &out); err != nil {
				return out, err
			}
		}
		for _, in := range facts.Inbound {
			res, err := stmts.exec(ctx, s.d.q(`INSERT INTO inbound (message_id, wa_id, ts, received_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (message_id) DO NOTHING`), in.MessageID, in.WaID, ms(in.Time), ms(p.ReceivedAt))
			if err != nil {
				return out, fmt.Errorf("store an inbound message: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 1 {
				out.InboundStored++
			} else {
				out.InboundRepeated++
			}
		}
		if _, err := stmts.exec(ctx, s.d.q(`UPDATE posts SET processed_at = ?, process_error = ? WHERE id = ?`),
			now, problem, p.ID); err != nil {
			return out, err
		}
		out.Posts++
	}
	if err := tx.Commit(); err != nil {
		return Processed{StatusesStored: map[string]int{}}, fmt.Errorf("commit processed posts: %w", err)
	}
	return out, nil
}

// statusColumns are the per-status time columns of messages.
var statusColumns = map[string]string{
	receiverapi.StatusSent: "sent_ts", receiverapi.StatusDelivered: "delivered_ts",
	receiverapi.StatusRead: "read_ts", receiverapi.StatusFailed: "failed_ts",
}

// txStatements prepares each statement once per transaction: the
// processing of a batch runs the same few statements hundreds of times, and
// SQLite would otherwise compile each one every time.
type txStatements struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func (c *txStatements) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, ok := c.stmts[query]
	if !ok {
		var err error
		if st, err = c.tx.PrepareContext(ctx, query); err != nil {
			return nil, err
		}
		c.stmts[query] = st
	}
	return st.ExecContext(ctx, args...)
}

func (c *txStatements) close() {
	for _, st := range c.stmts {
		_ = st.Close()
	}
}

func (s *sqlStore) applyStatus(ctx context.Context, tx *txStatements, p Post, st StatusFact, now int64, out *Processed) error {
	res, err := tx.exec(ctx, s.d.q(`INSERT INTO status_events (message_id, status, ts, received_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (message_id, status) DO NOTHING`), st.MessageID, st.Status, ms(st.Time), ms(p.ReceivedAt))
	if err != nil {
		return fmt.Errorf("store a status: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		out.StatusesRepeat++
		return nil
	}
	out.StatusesStored[st.Status]++
	col, known := statusColumns[st.Status]
	if !known {
		return nil // kept as an event; a status WhatsApp does not document has no rank
	}
	var cb, convID, convOrigin, model, category sql.NullString
	var code sql.NullInt64
	var title, details sql.NullString
	var convExp, billable sql.NullInt64
	if st.CallbackData != "" {
		cb = sql.NullString{String: st.CallbackData, Valid: true}
	}
	if f := st.Failure; f != nil {
		code = sql.NullInt64{Int64: int64(f.Code), Valid: true}
		title = sql.NullString{String: f.Title, Valid: true}
		details = sql.NullString{String: f.Details, Valid: true}
	}
	if c := st.Conversation; c != nil {
		convID = sql.NullString{String: c.ID, Valid: true}
		convOrigin = sql.NullString{String: c.OriginType, Valid: c.OriginType != ""}
		if !c.Expires.IsZero() {
			convExp = sql.NullInt64{Int64: ms(c.Expires), Valid: true}
		}
	}
	if pr := st.Pricing; pr != nil {
		b := int64(0)
		if pr.Billable {
			b = 1
		}
		billable = sql.NullInt64{Int64: b, Valid: true}
		model = sql.NullString{String: pr.PricingModel, Valid: true}
		category = sql.NullString{String: pr.Category, Valid: true}
	}
	// In an UPDATE every expression reads the row as it was, so the CASEs
	// compare against the old rank. The first failure, callback data,
	// conversation and pricing stay once set.
	upsert := `INSERT INTO messages (message_id, recipient_id, flavor, callback_data, status, status_rank, status_ts, ` + col + `,
			error_code, error_title, error_details, conv_id, conv_origin, conv_expires,
			pricing_billable, pricing_model, pricing_category, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (message_id) DO UPDATE SET
			status = CASE WHEN excluded.status_rank > messages.status_rank THEN excluded.status ELSE messages.status END,
			status_ts = CASE WHEN excluded.status_rank > messages.status_rank THEN excluded.status_ts ELSE messages.status_ts END,
			status_rank = CASE WHEN excluded.status_rank > messages.status_rank THEN excluded.status_rank ELSE messages.status_rank END,
			` + col + ` = COALESCE(messages.` + col + `, excluded.` + col + `),
			recipient_id = CASE WHEN messages.recipient_id = '' THEN excluded.recipient_id ELSE messages.recipient_id END,
			callback_data = COALESCE(messages.callback_data, excluded.callback_data),
			error_title = CASE WHEN messages.error_code IS NULL THEN excluded.error_title ELSE messages.error_title END,
			error_details = CASE WHEN messages.error_code IS NULL THEN excluded.error_details ELSE messages.error_details END,
			error_code = COALESCE(messages.error_code, excluded.error_code),
			conv_origin = CASE WHEN messages.conv_id IS NULL THEN excluded.conv_origin ELSE messages.conv_origin END,
			conv_expires = CASE WHEN messages.conv_id IS NULL THEN excluded.conv_expires ELSE messages.conv_expires END,
			conv_id = COALESCE(messages.conv_id, excluded.conv_id),
			pricing_model = CASE WHEN messages.pricing_billable IS NULL THEN excluded.pricing_model ELSE messages.pricing_model END,
			pricing_category = CASE WHEN messages.pricing_billable IS NULL THEN excluded.pricing_category ELSE messages.pricing_category END,
			pricing_billable = COALESCE(messages.pricing_billable, excluded.pricing_billable),
			updated_at = excluded.updated_at`
	_, err = tx.exec(ctx, s.d.q(upsert), st.MessageID, st.RecipientID, p.Flavor, cb, st.Status,
		receiverapi.Rank(st.Status), ms(st.Time), ms(st.Time), code, title, details, convID, convOrigin, convExp,
		billable, model, category, now)
	if err != nil {
		return fmt.Errorf("update a message's status: %w", err)
	}
	return nil
}

func (s *sqlStore) ClaimForwards(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]Forward, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer func() { _ = tx.Rollback() }()
	rows, err := tx.QueryContext(ctx, s.d.q(`UPDATE forwards SET next_attempt_at = ?
		WHERE id IN (SELECT id FROM forwards WHERE delivered_at IS NULL AND gave_up = 0 AND next_attempt_at <= ?
			ORDER BY next_attempt_at LIMIT ?`+s.d.skipLocked+`)
		RETURNING id, post_id, url, attempts`), ms(now.Add(lease)), ms(now), limit)
	if err != nil {
		return nil, fmt.Errorf("claim forwards: %w", err)
	}
	var out []Forward
	for rows.Next() {
		var f Forward
		if err := rows.Scan(&f.ID, &f.PostID, &f.URL, &f.Attempts); err != nil {
			_ = rows.Close()
			return nil, err
		}
		out = append(out, f)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	for i := range out {
		var at int64
		if err := tx.QueryRowContext(ctx, s.d.q(`SELECT body, received_at FROM posts WHERE id = ?`), out[i].PostID).
			Scan(&out[i].Body, &at); err != nil {
			return nil, fmt.Errorf("read a forwarded post: %w", err)
		}
		out[i].ReceivedAt = fromMS(at)
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return out, nil
}

func (s *sqlStore) ForwardDone(ctx context.Context, id int64, o ForwardOutcome) error {
	var err error
	switch {
	case o.Delivered:
		_, err = s.db.ExecContext(ctx, s.d.q(`UPDATE forwards SET attempts = attempts + 1, delivered_at = ?, last_error = NULL WHERE id = ?`),
			ms(time.Now()), id)
	case o.GaveUp:
		_, err = s.db.ExecContext(ctx, s.d.q(`UPDATE forwards SET attempts = attempts + 1, gave_up = 1, last_error = ? WHERE id = ?`),
			o.Error, id)
	default:
		_, err = s.db.ExecContext(ctx, s.d.q(`UPDATE forwards SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?`),
			ms(o.Next), o.Error, id)
	}
	return err
}

const messageColumns = `message_id, recipient_id, flavor, callback_data, status, status_ts, sent_ts, delivered_ts, read_ts, failed_ts,
	error_code, error_title, error_details, conv_id, conv_origin, conv_expires, pricing_billable, pricing_model, pricing_category`

func scanMessages(rows *sql.Rows) ([]receiverapi.Message, error) {
	defer func() { _ = rows.Close() }()
	out := []receiverapi.Message{}
	for rows.Next() {
		var m receiverapi.Message
		var cb, title, details, convID, convOrigin, model, category sql.NullString
		var statusTS int64
		var times [4]sql.NullInt64
		var code, convExp, billable sql.NullInt64
		if err := rows.Scan(&m.MessageID, &m.RecipientID, &m.Flavor, &cb, &m.Status, &statusTS,
			&times[0], &times[1], &times[2], &times[3], &code, &title, &details, &convID, &convOrigin, &convExp,
			&billable, &model, &category); err != nil {
			return nil, err
		}
		m.Time = fromMS(statusTS)
		m.CallbackData = cb.String
		m.StatusTimes = map[string]time.Time{}
		for i, name := range []string{receiverapi.StatusSent, receiverapi.StatusDelivered, receiverapi.StatusRead, receiverapi.StatusFailed} {
			if times[i].Valid {
				m.StatusTimes[name] = fromMS(times[i].Int64)
			}
		}
		if code.Valid {
			m.Failure = &receiverapi.Failure{Code: int(code.Int64), Title: title.String, Details: details.String}
		}
		if convID.Valid {
			m.Conversation = &receiverapi.Conversation{ID: convID.String, OriginType: convOrigin.String}
			if convExp.Valid {
				m.Conversation.Expires = fromMS(convExp.Int64)
			}
		}
		if billable.Valid {
			m.Pricing = &receiverapi.Pricing{Billable: billable.Int64 == 1, PricingModel: model.String, Category: category.String}
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func (s *sqlStore) MessagesByID(ctx context.Context, ids []string) ([]receiverapi.Message, error) {
	if len(ids) == 0 {
		return []receiverapi.Message{}, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")
	rows, err := s.db.QueryContext(ctx, s.d.q(`SELECT `+messageColumns+` FROM messages WHERE message_id IN (`+marks+`) ORDER BY message_id`), args...)
	if err != nil {
		return nil, err
	}
	return scanMessages(rows)
}

func (s *sqlStore) MessagesByLabel(ctx context.Context, label string, prefix bool, after string, limit int) ([]receiverapi.Message, error) {
	// A prefix is compared with substr, not LIKE: labels may hold % and _.
	where := `callback_data = ?`
	args := []any{label}
	if prefix {
		where = `substr(callback_data, 1, ?) = ?`
		args = []any{len([]rune(label)), label}
	}
	args = append(args, after, limit)
	rows, err := s.db.QueryContext(ctx, s.d.q(`SELECT `+messageColumns+` FROM messages WHERE `+where+
		` AND message_id > ? ORDER BY message_id LIMIT ?`), args...)
	if err != nil {
		return nil, err
	}
	return scanMessages(rows)
}

func (s *sqlStore) InboundSince(ctx context.Context, since time.Time, waIDs []string, afterSeq int64, limit int) ([]receiverapi.Inbound, int64, error) {
	where := `ts >= ? AND seq > ?`
	args := []any{ms(since), afterSeq}
	if len(waIDs) > 0 {
		where += ` AND wa_id IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(waIDs)), ", ") + `)`
		for _, w := range waIDs {
			args = append(args, w)
		}
	}
	args = append(args, limit)
	rows, err := s.db.QueryContext(ctx, s.d.q(`SELECT seq, message_id, wa_id, ts FROM inbound WHERE `+where+` ORDER BY seq LIMIT ?`), args...)
	if err != nil {
		return nil, 0, err
	}
	defer func() { _ = rows.Close() }()
	out := []receiverapi.Inbound{}
	var last int64
	for rows.Next() {
		var in receiverapi.Inbound
		var ts int64
		if err := rows.Scan(&last, &in.MessageID, &in.WaID, &ts); err != nil {
			return nil, 0, err
		}
		in.Time = fromMS(ts)
		out = append(out, in)
	}
	return out, last, rows.Err()
}

func (s *sqlStore) Labels(ctx context.Context) ([]LabelSummary, error) {
	byLabel := map[string]*LabelSummary{}
	get := func(l string) *LabelSummary {
		if ls, ok := byLabel[l]; ok {
			return ls
		}
		ls := &LabelSummary{Label: l, ByStatus: map[string]int{}}
		byLabel[l] = ls
		return ls
	}
	rows, err := s.db.QueryContext(ctx, `SELECT COALESCE(callback_data, ''), status, COUNT(*) FROM messages GROUP BY 1, 2`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var l, st string
		var n int
		if err := rows.Scan(&l, &st, &n); err != nil {
			_ = rows.Close()
			return nil, err
		}
		ls := get(l)
		ls.ByStatus[st] += n
		ls.Total += n
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	rows, err = s.db.QueryContext(ctx, `SELECT COALESCE(callback_data, ''), error_code, COALESCE(error_title, ''), COUNT(*)
		FROM messages WHERE error_code IS NOT NULL GROUP BY 1, 2, 3`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var l string
		var fc FailureCount
		if err := rows.Scan(&l, &fc.Code, &fc.Title, &fc.Count); err != nil {
			_ = rows.Close()
			return nil, err
		}
		ls := get(l)
		ls.Failures = append(ls.Failures, fc)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	out := make([]LabelSummary, 0, len(byLabel))
	for _, ls := range byLabel {
		sort.Slice(ls.Failures, func(i, j int) bool { return ls.Failures[i].Count > ls.Failures[j].Count })
		out = append(out, *ls)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Label < out[j].Label })
	return out, nil
}

func (s *sqlStore) Backlog(ctx context.Context) (int64, int64, error) {
	var posts, forwards int64
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM posts WHERE processed_at IS NULL`).Scan(&posts); err != nil {
		return 0, 0, err
	}
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM forwards WHERE delivered_at IS NULL AND gave_up = 0`).Scan(&forwards); err != nil {
		return 0, 0, err
	}
	return posts, forwards, nil
}

func (s *sqlStore) Prune(ctx context.Context, before time.Time) error {
	cut := ms(before)
	for _, q := range []string{
		`DELETE FROM forwards WHERE (delivered_at IS NOT NULL OR gave_up = 1)
			AND post_id IN (SELECT id FROM posts WHERE received_at < ?)`,
		`DELETE FROM posts WHERE received_at < ? AND processed_at IS NOT NULL
			AND NOT EXISTS (SELECT 1 FROM forwards WHERE forwards.post_id = posts.id)`,
		`DELETE FROM status_events WHERE received_at < ?`,
		`DELETE FROM messages WHERE updated_at < ?`,
		`DELETE FROM inbound WHERE received_at < ?`,
	} {
		if _, err := s.db.ExecContext(ctx, s.d.q(q), cut); err != nil {
			return fmt.Errorf("prune: %w", err)
		}
	}
	return nil
}
