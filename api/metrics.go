package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the API's Prometheus metrics, on a registry of their own so
// that several servers can run in one process (tests, side-by-side
// instances).
type metrics struct {
	reg        *prometheus.Registry
	requests   *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	executions *prometheus.CounterVec
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kestra_http_requests_total",
			Help: "HTTP requests served by the Kestra API, by method, route and status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "kestra_http_request_duration_seconds",
			Help:    "Latency of the Kestra API's HTTP requests.",
			Buckets: prometheus.DefBuckets,
		}, []string{"method", "route"}),
		executions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kestra_executions_created_total",
			Help: "Executions created through the API, by namespace.",
		}, []string{"namespace"}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.executions,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) observe(method, route string, status int, d time.Duration) {
	m.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(method, route).Observe(d.Seconds())
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}
