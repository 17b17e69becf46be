package watch

import (
	"time"

	"github.com/palisadesec/palisade/pkg/finding"
)

// Proc is a process as an alert shows it.
type Proc struct {
	PID   uint32   `json:"pid"`
	PPID  uint32   `json:"ppid,omitempty"`
	UID   uint32   `json:"uid"`
	Comm  string   `json:"comm,omitempty"`
	Path  string   `json:"path,omitempty"`
	Args  []string `json:"args,omitempty"`
	NSPID uint32   `json:"nspid,omitempty"`
}

// EventInfo is what the process did.
type EventInfo struct {
	Type      string   `json:"type"`
	Protocol  string   `json:"protocol,omitempty"`
	Address   string   `json:"address,omitempty"`
	Port      uint16   `json:"port,omitempty"`
	Direction string   `json:"direction,omitempty"`
	File      string   `json:"file,omitempty"`
	Write     bool     `json:"write,omitempty"`
	UIDs      []int64  `json:"uids,omitempty"`
	Caps      []string `json:"capabilities,omitempty"`
	NS        []string `json:"namespaces,omitempty"`
}

// Alert is one streamed runtime alert: a built-in or custom rule matched, or
// a learned model saw behaviour it does not know.
type Alert struct {
	Time        time.Time `json:"time"`
	Cluster     string    `json:"cluster,omitempty"`
	Node        string    `json:"node,omitempty"`
	Namespace   string    `json:"namespace,omitempty"`
	Pod         string    `json:"pod,omitempty"`
	Container   string    `json:"container,omitempty"`
	ContainerID string    `json:"containerID,omitempty"`
	Image       string    `json:"image,omitempty"`
	ImageDigest string    `json:"imageDigest,omitempty"`
	Host        bool      `json:"host,omitempty"`
	Process     Proc      `json:"process"`
	// Tree is the process's ancestors, nearest first.
	Tree  []Proc    `json:"tree,omitempty"`
	Event EventInfo `json:"event"`
	// Rule is the matching rule's ID; Model the model that saw a deviation
	// and ModelState its state.
	Rule       string `json:"rule,omitempty"`
	Model      string `json:"model,omitempty"`
	ModelState string `json:"modelState,omitempty"`
	// Behavior is the deviation in the model's terms ("process /bin/nc<-/bin/sh").
	Behavior string          `json:"behavior,omitempty"`
	Finding  finding.Finding `json:"finding"`
}

// Model deviation findings, one per kind of behaviour.
var modelFindings = map[string]struct {
	id, title, desc string
	sev             finding.Severity
}{
	"process":  {"PAL-RT-100", "Process not seen while the model learned", "A container ran a binary, or was started by a parent, that containers of this image in this cluster and namespace did not run while their behaviour was learned.", finding.SeverityMedium},
	"outbound": {"PAL-RT-101", "Outbound connection not seen while the model learned", "A container connected to an address and port that containers of this image in this cluster and namespace did not connect to while their behaviour was learned.", finding.SeverityMedium},
	"listen":   {"PAL-RT-102", "Listening port not seen while the model learned", "A container started listening on a port that containers of this image in this cluster and namespace did not listen on while their behaviour was learned.", finding.SeverityMedium},
	"file":     {"PAL-RT-103", "Sensitive file access not seen while the model learned", "A container opened a watched file (credentials, configuration, binaries) in a way that containers of this image in this cluster and namespace did not while their behaviour was learned.", finding.SeverityMedium},
}

const modelRemediation = "If the behaviour is legitimate (a new release, a new dependency), let the model learn it again (palisade runtime models delete KEY, or import a model that includes it); otherwise investigate the pod: it may be compromised."
