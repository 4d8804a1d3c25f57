/**
 * The least-privilege IAM policy the connect wizard shows: read-only describe/list calls this
 * connector makes, nothing else (no s3:GetObject, no secrets). sts:GetCallerIdentity needs no
 * permission; it is listed by no policy.
 */
export const AWS_DISCOVERY_POLICY = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "GlassPaneInventoryReadOnly",
      Effect: "Allow",
      Action: [
        "ec2:DescribeRegions",
        "ec2:DescribeInstances",
        "ec2:DescribeVolumes",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeVpcs",
        "ec2:DescribeAddresses",
        "rds:DescribeDBInstances",
        "lambda:ListFunctions",
        "s3:ListAllMyBuckets",
        "s3:GetBucketLocation",
        "s3:GetBucketTagging",
        "s3:GetBucketPolicyStatus",
        "s3:GetBucketEncryption",
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeTags",
      ],
      Resource: "*",
    },
    {
      // Metrics and costs pulls (optional per connector): read-only, account-wide by design.
      Sid: "GlassPaneMetricsAndCostsReadOnly",
      Effect: "Allow",
      Action: ["cloudwatch:GetMetricData", "ce:GetCostAndUsage"],
      Resource: "*",
    },
  ],
} as const;

export const AWS_DISCOVERY_POLICY_JSON = JSON.stringify(AWS_DISCOVERY_POLICY, null, 2);
