package receiver

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metrics counts every outcome of every post, on a registry of the server's
// own (two servers in one test process do not share counters).
type metrics struct {
	reg           *prometheus.Registry
	received      *prometheus.CounterVec   // by endpoint, before any check
	refused       *prometheus.CounterVec   // by reason
	accepted      *prometheus.CounterVec   // stored in the queue, by endpoint
	duplicates    *prometheus.CounterVec   // replays answered 200 and not stored again, by endpoint
	statuses      *prometheus.CounterVec   // new (message, status) pairs, by status
	statusRepeats prometheus.Counter       // pairs already stored
	inbound       prometheus.Counter       // new inbound messages
	unparsable    prometheus.Counter       // stored posts the parser could not fully read
	forwards      *prometheus.CounterVec   // forward attempts by result
	readRefused   prometheus.Counter       // read API and page requests without the token
	answer        *prometheus.HistogramVec // time to answer a webhook post, by code
}

// Refusal reasons, the values of whatsapp_receiver_posts_refused_total's reason label.
const (
	reasonNoSignature   = "no_signature"
	reasonBadSignature  = "bad_signature"
	reasonUnauthorized  = "unauthorized" // On-Premises post without the configured credential
	reasonTooLarge      = "body_too_large"
	reasonMalformedJSON = "malformed_json"
	reasonStoreFailed   = "store_failed" // answered 503: WhatsApp retries
)

func newMetrics() *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	ns := "whatsapp_receiver"
	m.received = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "posts_received_total",
		Help: "Webhook posts received, before any check, by endpoint (cloud, on_premises)."}, []string{"endpoint"})
	m.refused = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "posts_refused_total",
		Help: "Webhook posts refused and not stored, by reason."}, []string{"reason"})
	m.accepted = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "posts_stored_total",
		Help: "Webhook posts committed to the store and answered 200, by endpoint."}, []string{"endpoint"})
	m.duplicates = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "posts_duplicate_total",
		Help: "Webhook posts whose body was stored before (WhatsApp retrying): answered 200, not stored again."}, []string{"endpoint"})
	m.statuses = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "statuses_stored_total",
		Help: "Statuses stored, one per message ID and status, by status."}, []string{"status"})
	m.statusRepeats = prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Name: "statuses_duplicate_total",
		Help: "Statuses received again for a message ID and status already stored."})
	m.inbound = prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Name: "inbound_stored_total",
		Help: "Inbound messages (a customer writing) stored."})
	m.unparsable = prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Name: "posts_unparsable_total",
		Help: "Stored posts holding statuses or messages the receiver could not read (kept and forwarded as received)."})
	m.forwards = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "forward_attempts_total",
		Help: "Attempts to pass a post on to a consumer, by result (delivered, failed, gave_up)."}, []string{"result"})
	m.readRefused = prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Name: "read_refused_total",
		Help: "Read API and page requests refused for a missing or wrong token."})
	m.answer = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: ns, Name: "post_answer_seconds",
		Help:    "Time from a webhook post's arrival to its answer, by HTTP status.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}}, []string{"code"})
	m.reg.MustRegister(m.received, m.refused, m.accepted, m.duplicates, m.statuses, m.statusRepeats, m.inbound,
		m.unparsable, m.forwards, m.readRefused, m.answer,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Every label value exists from the start, so a dashboard sees zeros.
	for _, r := range []string{reasonNoSignature, reasonBadSignature, reasonUnauthorized, reasonTooLarge, reasonMalformedJSON, reasonStoreFailed} {
		m.refused.WithLabelValues(r)
	}
	for _, e := range []string{FlavorCloud, FlavorOnPremises} {
		m.received.WithLabelValues(e)
		m.accepted.WithLabelValues(e)
		m.duplicates.WithLabelValues(e)
	}
	for _, s := range []string{"sent", "delivered", "read", "failed"} {
		m.statuses.WithLabelValues(s)
	}
	for _, r := range []string{"delivered", "failed", "gave_up"} {
		m.forwards.WithLabelValues(r)
	}
	return m
}
