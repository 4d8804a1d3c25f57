/**
 * What the connect wizard shows: the predefined read-only roles to grant the service account on
 * each project, or one custom role with exactly the permissions the connector uses. Nothing here
 * reads data (no storage.objects.*, no SQL data access), nothing writes.
 */
export const GCP_DISCOVERY_PERMISSIONS = [
  "compute.instances.list",
  "compute.disks.list",
  "cloudsql.instances.list",
  "run.services.list",
  "storage.buckets.list",
  // Metrics pulls (optional):
  "monitoring.timeSeries.list",
] as const;

export const GCP_DISCOVERY_POLICY = `Grant the service account these roles on each project (IAM & Admin → IAM → Grant access):

  roles/compute.viewer          Compute Engine instances and disks (read-only)
  roles/cloudsql.viewer         Cloud SQL instances
  roles/run.viewer              Cloud Run services
  roles/storage.bucketViewer    Cloud Storage buckets: list and read bucket metadata, no objects
  roles/monitoring.viewer       Cloud Monitoring metrics (only for metrics pulls)

Or, least privilege, one custom role with exactly what Glass Pane calls:

  gcloud iam roles create glasspaneInventoryReader --project=PROJECT_ID \\
    --title="Glass Pane inventory reader" \\
    --permissions=${GCP_DISCOVERY_PERMISSIONS.join(",")}
  gcloud projects add-iam-policy-binding PROJECT_ID \\
    --member=serviceAccount:SERVICE_ACCOUNT_EMAIL \\
    --role=projects/PROJECT_ID/roles/glasspaneInventoryReader

Then create a JSON key for the service account (IAM & Admin → Service accounts → Keys) and paste it here.`;
