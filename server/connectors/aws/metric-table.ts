/**
 * The CloudWatch metrics pulled per resource type: the standard ones every such resource
 * publishes without agents or detailed monitoring (AWS docs: "List the available CloudWatch
 * metrics for your instances", "Amazon RDS metrics", "Lambda metrics", "CloudWatch metrics for
 * your Application/Network Load Balancer"). Stored names follow Prometheus conventions
 * (`<namespace>_<metric>_<unit>`), so they sort and read like the rest of the metric store.
 *
 * | type             | namespace          | dimension            | metrics (statistic)                          |
 * |------------------|--------------------|----------------------|----------------------------------------------|
 * | compute.vm       | AWS/EC2            | InstanceId           | CPUUtilization (Avg), NetworkIn/Out (Sum),   |
 * |                  |                    |                      | DiskReadOps/DiskWriteOps (Sum)               |
 * | db.instance      | AWS/RDS            | DBInstanceIdentifier | CPUUtilization, DatabaseConnections,         |
 * |                  |                    |                      | FreeStorageSpace, ReadIOPS, WriteIOPS (Avg)  |
 * | compute.function | AWS/Lambda         | FunctionName         | Invocations, Errors, Throttles (Sum),        |
 * |                  |                    |                      | Duration (Avg)                               |
 * | network.lb (app) | AWS/ApplicationELB | LoadBalancer         | RequestCount, HTTPCode_Target_5XX_Count      |
 * |                  |                    |                      | (Sum), TargetResponseTime (Avg)              |
 * | network.lb (net) | AWS/NetworkELB     | LoadBalancer         | ActiveFlowCount (Avg), ProcessedBytes (Sum)  |
 */

export interface MetricSpec {
  metricName: string;
  stat: "Average" | "Sum";
  /** The name samples are stored under. */
  storedName: string;
}

export interface MetricFamily {
  namespace: string;
  dimension: string;
  metrics: MetricSpec[];
}

const spec = (metricName: string, stat: MetricSpec["stat"], storedName: string): MetricSpec => ({
  metricName,
  stat,
  storedName,
});

const EC2: MetricFamily = {
  namespace: "AWS/EC2",
  dimension: "InstanceId",
  metrics: [
    spec("CPUUtilization", "Average", "aws_ec2_cpu_utilization_percent"),
    spec("NetworkIn", "Sum", "aws_ec2_network_in_bytes"),
    spec("NetworkOut", "Sum", "aws_ec2_network_out_bytes"),
    spec("DiskReadOps", "Sum", "aws_ec2_disk_read_ops"),
    spec("DiskWriteOps", "Sum", "aws_ec2_disk_write_ops"),
  ],
};

const RDS: MetricFamily = {
  namespace: "AWS/RDS",
  dimension: "DBInstanceIdentifier",
  metrics: [
    spec("CPUUtilization", "Average", "aws_rds_cpu_utilization_percent"),
    spec("DatabaseConnections", "Average", "aws_rds_database_connections"),
    spec("FreeStorageSpace", "Average", "aws_rds_free_storage_space_bytes"),
    spec("ReadIOPS", "Average", "aws_rds_read_iops"),
    spec("WriteIOPS", "Average", "aws_rds_write_iops"),
  ],
};

const LAMBDA: MetricFamily = {
  namespace: "AWS/Lambda",
  dimension: "FunctionName",
  metrics: [
    spec("Invocations", "Sum", "aws_lambda_invocations"),
    spec("Errors", "Sum", "aws_lambda_errors"),
    spec("Throttles", "Sum", "aws_lambda_throttles"),
    spec("Duration", "Average", "aws_lambda_duration_milliseconds"),
  ],
};

const ALB: MetricFamily = {
  namespace: "AWS/ApplicationELB",
  dimension: "LoadBalancer",
  metrics: [
    spec("RequestCount", "Sum", "aws_alb_request_count"),
    spec("HTTPCode_Target_5XX_Count", "Sum", "aws_alb_target_5xx_count"),
    spec("TargetResponseTime", "Average", "aws_alb_target_response_time_seconds"),
  ],
};

const NLB: MetricFamily = {
  namespace: "AWS/NetworkELB",
  dimension: "LoadBalancer",
  metrics: [
    spec("ActiveFlowCount", "Average", "aws_nlb_active_flow_count"),
    spec("ProcessedBytes", "Sum", "aws_nlb_processed_bytes"),
  ],
};

/**
 * The metric family of a discovered resource and the value of its dimension, or null when the
 * type has no standard metrics here (volumes, buckets, VPCs …).
 */
export function metricFamilyOf(target: {
  type: string;
  nativeId: string;
  name: string;
}): { family: MetricFamily; dimensionValue: string } | null {
  switch (target.type) {
    case "compute.vm":
      return { family: EC2, dimensionValue: target.nativeId };
    case "db.instance":
      return { family: RDS, dimensionValue: target.name };
    case "compute.function":
      return { family: LAMBDA, dimensionValue: target.name };
    case "network.lb": {
      // CloudWatch names a load balancer by the ARN's tail: app/<name>/<id> or net/<name>/<id>.
      const tail = /:loadbalancer\/((app|net)\/[^/]+\/[^/]+)$/.exec(target.nativeId);
      if (!tail?.[1]) return null;
      return { family: tail[2] === "app" ? ALB : NLB, dimensionValue: tail[1] };
    }
    default:
      return null;
  }
}
