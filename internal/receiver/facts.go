package receiver

import (
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/receiverapi"
)

// Facts are what one post says: statuses of sent messages and messages
// customers sent. Parsing happens after the post is stored (process.go), so
// a post the parser does not understand is still kept and forwarded.
type Facts struct {
	Statuses []StatusFact
	Inbound  []InboundFact
}

// StatusFact is one status of one message.
type StatusFact struct {
	MessageID    string
	RecipientID  string
	Status       string
	Time         time.Time
	CallbackData string // Cloud's biz_opaque_callback_data
	Failure      *receiverapi.Failure
	Conversation *receiverapi.Conversation
	Pricing      *receiverapi.Pricing
}

// InboundFact is one message a customer sent.
type InboundFact struct {
	MessageID string
	WaID      string
	Time      time.Time
}

// Flavors: the endpoint a post came in on decides how it is read.
const (
	FlavorCloud      = "cloud"
	FlavorOnPremises = "on_premises"
)

// The parts of both payloads the receiver reads (internal/whatsapp/API.md,
// "Webhooks and statuses"). Unknown fields are ignored: the post is forwarded
// as received whatever it holds.
type wireStatus struct {
	ID           string `json:"id"`
	RecipientID  string `json:"recipient_id"`
	Status       string `json:"status"`
	Timestamp    string `json:"timestamp"`
	CallbackData string `json:"biz_opaque_callback_data"`
	Errors       []struct {
		Code      int    `json:"code"`
		Title     string `json:"title"`
		Message   string `json:"message"`
		ErrorData struct {
			Details string `json:"details"`
		} `json:"error_data"`
	} `json:"errors"`
	Conversation *struct {
		ID         string `json:"id"`
		Expiration string `json:"expiration_timestamp"`
		Origin     struct {
			Type string `json:"type"`
		} `json:"origin"`
	} `json:"conversation"`
	Pricing *struct {
		Billable     bool   `json:"billable"`
		PricingModel string `json:"pricing_model"`
		Category     string `json:"category"`
	} `json:"pricing"`
}

type wireMessage struct {
	ID        string `json:"id"`
	From      string `json:"from"`
	Timestamp string `json:"timestamp"`
}

type wireValue struct {
	Statuses []wireStatus  `json:"statuses"`
	Messages []wireMessage `json:"messages"`
}

type cloudPayload struct {
	Object string `json:"object"`
	Entry  []struct {
		Changes []struct {
			Field string    `json:"field"`
			Value wireValue `json:"value"`
		} `json:"changes"`
	} `json:"entry"`
}

// ParseFacts reads the statuses and inbound messages of one post.
func ParseFacts(flavor string, body []byte) (Facts, error) {
	var values []wireValue
	if flavor == FlavorOnPremises {
		var v wireValue
		if err := json.Unmarshal(body, &v); err != nil {
			return Facts{}, err
		}
		values = append(values, v)
	} else {
		var p cloudPayload
		if err := json.Unmarshal(body, &p); err != nil {
			return Facts{}, err
		}
		for _, e := range p.Entry {
			for _, c := range e.Changes {
				values = append(values, c.Value)
			}
		}
	}
	var f Facts
	var problems []error
	for _, v := range values {
		for _, s := range v.Statuses {
			fact, err := statusFact(s)
			if err != nil {
				problems = append(problems, err)
				continue
			}
			f.Statuses = append(f.Statuses, fact)
		}
		for _, m := range v.Messages {
			if m.ID == "" || m.From == "" {
				problems = append(problems, errors.New("an inbound message without id or from"))
				continue
			}
			t, err := unixSeconds(m.Timestamp)
			if err != nil {
				problems = append(problems, err)
				continue
			}
			f.Inbound = append(f.Inbound, InboundFact{MessageID: m.ID, WaID: m.From, Time: t})
		}
	}
	return f, errors.Join(problems...)
}

func statusFact(s wireStatus) (StatusFact, error) {
	if s.ID == "" || s.Status == "" {
		return StatusFact{}, errors.New("a status without id or status")
	}
	t, err := unixSeconds(s.Timestamp)
	if err != nil {
		return StatusFact{}, err
	}
	f := StatusFact{MessageID: s.ID, RecipientID: s.RecipientID, Status: s.Status, Time: t, CallbackData: s.CallbackData}
	if len(s.Errors) > 0 {
		e := s.Errors[0]
		title := e.Title
		if title == "" {
			title = e.Message
		}
		f.Failure = &receiverapi.Failure{Code: e.Code, Title: title, Details: e.ErrorData.Details}
	}
	if c := s.Conversation; c != nil && c.ID != "" {
		f.Conversation = &receiverapi.Conversation{ID: c.ID, OriginType: c.Origin.Type}
		if exp, err := unixSeconds(c.Expiration); err == nil {
			f.Conversation.Expires = exp
		}
	}
	if p := s.Pricing; p != nil {
		f.Pricing = &receiverapi.Pricing{Billable: p.Billable, PricingModel: p.PricingModel, Category: p.Category}
	}
	return f, nil
}

// unixSeconds reads WhatsApp's timestamps: Unix seconds as a string.
func unixSeconds(s string) (time.Time, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, errors.New("timestamp " + strconv.Quote(s) + " is not Unix seconds")
	}
	return time.Unix(n, 0).UTC(), nil
}
