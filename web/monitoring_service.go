package web

// MonitoringService is what the monitoring and impact pages and API ask of the use-case layer.
type MonitoringService interface {
}
