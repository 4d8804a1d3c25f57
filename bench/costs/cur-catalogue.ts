// What the synthetic CUR is made of: its columns, the billing month, the accounts, regions and
// services with their usage types and prices (close to AWS public on-demand prices), and tag values.

/**
 * The header of the FinOps Foundation's anonymised legacy CUR sample
 * (focus-converters-native-samples/aws-cur-legacy-csv, all 94 columns, in its order), plus
 * `lineItem/ResourceId` (the report's "include resource IDs" option) and three user tags.
 */
const SAMPLE_HEADER = `identity/LineItemId,identity/TimeInterval,bill/InvoiceId,bill/InvoicingEntity,bill/BillingEntity,bill/BillType,bill/PayerAccountId,bill/BillingPeriodStartDate,bill/BillingPeriodEndDate,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/UsageStartDate,lineItem/UsageEndDate,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/AvailabilityZone,lineItem/UsageAmount,lineItem/NormalizationFactor,lineItem/NormalizedUsageAmount,lineItem/CurrencyCode,lineItem/UnblendedRate,lineItem/UnblendedCost,lineItem/BlendedRate,lineItem/BlendedCost,lineItem/LineItemDescription,lineItem/TaxType,lineItem/LegalEntity,product/ProductName,product/availability,product/durability,product/eventType,product/feeCode,product/feeDescription,product/fromLocation,product/fromLocationType,product/fromRegionCode,product/group,product/groupDescription,product/location,product/locationType,product/messageDeliveryFrequency,product/messageDeliveryOrder,product/operation,product/overhead,product/productFamily,product/productType,product/queueType,product/region,product/regionCode,product/servicecode,product/servicename,product/sku,product/storageClass,product/storageMedia,product/toLocation,product/toLocationType,product/toRegionCode,product/transferType,product/usagetype,product/version,product/volumeType,pricing/RateCode,pricing/RateId,pricing/currency,pricing/publicOnDemandCost,pricing/publicOnDemandRate,pricing/term,pricing/unit,reservation/AmortizedUpfrontCostForUsage,reservation/AmortizedUpfrontFeeForBillingPeriod,reservation/EffectiveCost,reservation/EndTime,reservation/ModificationStatus,reservation/NormalizedUnitsPerReservation,reservation/NumberOfReservations,reservation/RecurringFeeForUsage,reservation/StartTime,reservation/SubscriptionId,reservation/TotalReservedNormalizedUnits,reservation/TotalReservedUnits,reservation/UnitsPerReservation,reservation/UnusedAmortizedUpfrontFeeForBillingPeriod,reservation/UnusedNormalizedUnitQuantity,reservation/UnusedQuantity,reservation/UnusedRecurringFee,reservation/UpfrontValue,savingsPlan/TotalCommitmentToDate,savingsPlan/SavingsPlanARN,savingsPlan/SavingsPlanRate,savingsPlan/UsedCommitment,savingsPlan/SavingsPlanEffectiveCost,savingsPlan/AmortizedUpfrontCommitmentForBillingPeriod,savingsPlan/RecurringCommitmentForBillingPeriod`;
const TAG_COLUMNS = [
  "resourceTags/user:client",
  "resourceTags/user:env",
  "resourceTags/user:project",
];
export const CUR_COLUMNS: readonly string[] = (() => {
  const columns = SAMPLE_HEADER.split(",");
  columns.splice(columns.indexOf("lineItem/AvailabilityZone") + 1, 0, "lineItem/ResourceId");
  return [...columns, ...TAG_COLUMNS];
})();

export const BILLING_PERIOD = { start: "2025-11-01", end: "2025-12-01" };
export const PERIOD_START = Date.parse(`${BILLING_PERIOD.start}T00:00:00Z`);
export const HOURS = (Date.parse(`${BILLING_PERIOD.end}T00:00:00Z`) - PERIOD_START) / 3_600_000;
export const PAYER = "111122223333";
export const ACCOUNTS = [PAYER, "222233334444", "333344445555", "444455556666", "555566667777"];
export const ENTITY = "Amazon Web Services, Inc.";

export interface Region {
  code: string;
  name: string;
  /** Usage types outside us-east-1 carry the region's prefix (`EUC1-BoxUsage:…`). */
  prefix: string;
}
export const REGIONS: Region[] = [
  { code: "us-east-1", name: "US East (N. Virginia)", prefix: "" },
  { code: "us-west-2", name: "US West (Oregon)", prefix: "USW2-" },
  { code: "eu-west-1", name: "EU (Ireland)", prefix: "EU-" },
  { code: "eu-central-1", name: "EU (Frankfurt)", prefix: "EUC1-" },
  { code: "ca-central-1", name: "Canada (Central)", prefix: "CAN1-" },
  { code: "ap-southeast-2", name: "Asia Pacific (Sydney)", prefix: "APS2-" },
];

export interface Usage {
  type: string;
  operation: string;
  unit: string;
  family: string;
  /** Price per unit, USD. */
  rate: number;
  /** Typical units in one hourly line. */
  amount: number;
}
export interface Service {
  code: string;
  name: string;
  /** Share of the resources. */
  weight: number;
  resource: (n: number, region: Region, account: string) => string;
  usages: Usage[];
}
const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");
export const SERVICES: Service[] = [
  {
    code: "AmazonEC2",
    name: "Amazon Elastic Compute Cloud",
    weight: 30,
    resource: (n) => `i-0${hex(n * 2654435761, 16).slice(-16)}`,
    usages: [
      u("BoxUsage:m6i.large", "RunInstances", "Hrs", "Compute Instance", 0.096, 1),
      u("BoxUsage:c6g.xlarge", "RunInstances", "Hrs", "Compute Instance", 0.136, 1),
      u("EBS:VolumeUsage.gp3", "CreateVolume-Gp3", "GB-Mo", "Storage", 0.08, 0.14),
      u("DataTransfer-Out-Bytes", "RunInstances", "GB", "Data Transfer", 0.09, 0.4),
    ],
  },
  {
    code: "AmazonS3",
    name: "Amazon Simple Storage Service",
    weight: 12,
    resource: (n) => `bench-bucket-${hex(n, 5)}`,
    usages: [
      u("TimedStorage-ByteHrs", "StandardStorage", "GB-Mo", "Storage", 0.023, 2.5),
      u("Requests-Tier1", "PutObject", "Requests", "API Request", 0.000005, 120),
      u("Requests-Tier2", "GetObject", "Requests", "API Request", 4e-7, 900),
    ],
  },
  {
    code: "AmazonRDS",
    name: "Amazon Relational Database Service",
    weight: 6,
    resource: (n, r, a) => `arn:aws:rds:${r.code}:${a}:db:bench-db-${n}`,
    usages: [
      u(
        "InstanceUsage:db.r6g.large",
        "CreateDBInstance:0016",
        "Hrs",
        "Database Instance",
        0.225,
        1,
      ),
      u("RDS:GP3-Storage", "CreateDBInstance:0016", "GB-Mo", "Database Storage", 0.115, 0.3),
    ],
  },
  {
    code: "AWSLambda",
    name: "AWS Lambda",
    weight: 10,
    resource: (n, r, a) => `arn:aws:lambda:${r.code}:${a}:function:bench-fn-${n}`,
    usages: [
      u("Lambda-GB-Second", "Invoke", "Lambda-GB-Second", "Serverless", 0.0000166667, 400),
      u("Request", "Invoke", "Requests", "Serverless", 2e-7, 2000),
    ],
  },
  {
    code: "AmazonDynamoDB",
    name: "Amazon DynamoDB",
    weight: 6,
    resource: (n, r, a) => `arn:aws:dynamodb:${r.code}:${a}:table/bench-table-${n}`,
    usages: [
      u(
        "ReadRequestUnits",
        "PayPerRequestThroughput",
        "ReadRequestUnits",
        "Amazon DynamoDB PayPerRequest Throughput",
        2.5e-7,
        5000,
      ),
      u(
        "WriteRequestUnits",
        "PayPerRequestThroughput",
        "WriteRequestUnits",
        "Amazon DynamoDB PayPerRequest Throughput",
        0.00000125,
        800,
      ),
      u("TimedStorage-ByteHrs", "StandardStorage", "GB-Mo", "Database Storage", 0.25, 0.02),
    ],
  },
  {
    code: "AmazonCloudFront",
    name: "Amazon CloudFront",
    weight: 3,
    resource: (n, _r, a) =>
      `arn:aws:cloudfront::${a}:distribution/E${hex(n * 40503, 12).toUpperCase()}`,
    usages: [
      u("DataTransfer-Out-Bytes", "GET", "GB", "Data Transfer", 0.085, 1.2),
      u("Requests-Tier2-HTTPS", "GET", "Requests", "Request", 0.000001, 3000),
    ],
  },
  {
    code: "AmazonCloudWatch",
    name: "AmazonCloudWatch",
    weight: 6,
    resource: (n, r, a) => `arn:aws:logs:${r.code}:${a}:log-group:/bench/${n}`,
    usages: [
      u("DataProcessing-Bytes", "PutLogEvents", "GB", "Data Payload", 0.5, 0.05),
      u("TimedStorage-ByteHrs", "HourlyStorageMetering", "GB-Mo", "Storage Snapshot", 0.03, 0.5),
    ],
  },
  {
    code: "AWSELB",
    name: "Elastic Load Balancing",
    weight: 4,
    resource: (n, r, a) =>
      `arn:aws:elasticloadbalancing:${r.code}:${a}:loadbalancer/app/bench-${n}/${hex(n * 97, 16)}`,
    usages: [
      u(
        "LoadBalancerUsage",
        "LoadBalancing:Application",
        "Hrs",
        "Load Balancer-Application",
        0.0225,
        1,
      ),
      u("LCUUsage", "LoadBalancing:Application", "LCU-Hrs", "Load Balancer-Application", 0.008, 2),
    ],
  },
  {
    code: "AmazonECS",
    name: "Amazon Elastic Container Service",
    weight: 5,
    resource: (n, r, a) => `arn:aws:ecs:${r.code}:${a}:task/bench-cluster/${hex(n * 7919, 32)}`,
    usages: [
      u("Fargate-vCPU-Hours:perCPU", "FargateTask", "hours", "Compute", 0.04048, 1),
      u("Fargate-GB-Hours", "FargateTask", "hours", "Compute", 0.004445, 2),
    ],
  },
  {
    code: "AmazonElastiCache",
    name: "Amazon ElastiCache",
    weight: 3,
    resource: (n, r, a) => `arn:aws:elasticache:${r.code}:${a}:cluster:bench-cache-${n}`,
    usages: [
      u(
        "NodeUsage:cache.t4g.medium",
        "CreateCacheCluster:0002",
        "NodeHour",
        "Cache Instance",
        0.065,
        1,
      ),
    ],
  },
  {
    code: "AWSQueueService",
    name: "Amazon Simple Queue Service",
    weight: 4,
    resource: (n, r, a) => `arn:aws:sqs:${r.code}:${a}:bench-queue-${n}`,
    usages: [u("Requests-Tier1", "GetQueueAttributes", "Requests", "API Request", 4e-7, 4000)],
  },
  {
    code: "AmazonSNS",
    name: "Amazon Simple Notification Service",
    weight: 3,
    resource: (n, r, a) => `arn:aws:sns:${r.code}:${a}:bench-topic-${n}`,
    usages: [u("Requests-Tier1", "CreateTopic", "Requests", "API Request", 5e-7, 600)],
  },
  {
    code: "AmazonEKS",
    name: "Amazon Elastic Container Service for Kubernetes",
    weight: 1,
    resource: (n, r, a) => `arn:aws:eks:${r.code}:${a}:cluster/bench-eks-${n}`,
    usages: [u("AmazonEKS-Hours:perCluster", "CreateOperation", "Hours", "Compute", 0.1, 1)],
  },
  {
    code: "AmazonVPC",
    name: "Amazon Virtual Private Cloud",
    weight: 4,
    resource: (n, r, a) => `arn:aws:ec2:${r.code}:${a}:natgateway/nat-0${hex(n * 31337, 16)}`,
    usages: [
      u("NatGateway-Hours", "NatGateway", "Hrs", "NAT Gateway", 0.045, 1),
      u("NatGateway-Bytes", "NatGateway", "GB", "NAT Gateway", 0.045, 0.8),
      u(
        "PublicIPv4:InUseAddress",
        "AssociateAddressVPC",
        "Hrs",
        "VPC Public IPv4 Address",
        0.005,
        1,
      ),
    ],
  },
  {
    code: "AmazonRoute53",
    name: "Amazon Route 53",
    weight: 3,
    resource: (n) => `arn:aws:route53:::hostedzone/Z${hex(n * 104729, 13).toUpperCase()}`,
    usages: [
      u("HostedZone", "", "HostedZone", "DNS Zone", 0.5 / HOURS, 1),
      u("DNS-Queries", "", "Queries", "DNS Query", 4e-7, 1500),
    ],
  },
];
function u(
  type: string,
  operation: string,
  unit: string,
  family: string,
  rate: number,
  amount: number,
): Usage {
  return { type, operation, unit, family, rate, amount };
}

export const CLIENTS = [
  "acme",
  "globex",
  "initech",
  "umbrella",
  "hooli",
  "stark",
  "wayne",
  "wonka",
];
export const ENVS = ["prod", "staging", "dev", "test"];
export const PROJECTS = ["web", "api", "data", "ml", "mobile", "infra", "search", "billing"];
