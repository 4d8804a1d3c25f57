/** Each AWS protocol's own error responses (EC2, awsQuery, REST-JSON, S3), for the replay server. */

export type Fault = "throttle" | "server-error" | "hang";

export const s3Error = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>replay</RequestId></Error>`;

export interface FaultAnswer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

/**
 * awsJson errors: `__type` names the error; CloudWatch (awsJson1_0 with awsQueryCompatible)
 * also sends its query-protocol code in x-amzn-query-error, which the SDK prefers.
 */
const jsonFault = (status: number, code: string, service: string): FaultAnswer => ({
  status,
  body: JSON.stringify({
    __type: code,
    message: status === 400 ? "Rate exceeded" : "Internal failure",
  }),
  headers: {
    "content-type": service === "ce" ? "application/x-amz-json-1.1" : "application/x-amz-json-1.0",
    ...(service === "monitoring"
      ? { "x-amzn-query-error": `${code};${status === 400 ? "Sender" : "Receiver"}` }
      : {}),
  },
});
const JSON_SERVICES = new Set(["monitoring", "ce"]);

const xmlFault = (status: number, body: string): FaultAnswer => ({
  status,
  body,
  headers: { "content-type": "text/xml" },
});

/** Each protocol's own error shape, as the services send them (EC2, awsQuery, REST-JSON, S3). */
export const FAULTS: Record<Exclude<Fault, "hang">, (service: string) => FaultAnswer> = {
  throttle: (service) => {
    if (service === "monitoring") return jsonFault(400, "Throttling", service);
    if (service === "ce") return jsonFault(400, "LimitExceededException", service);
    if (service === "ec2")
      return xmlFault(
        503,
        `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>replay</RequestID></Response>`,
      );
    if (service === "lambda")
      return {
        status: 429,
        body: JSON.stringify({ Type: "User", message: "Rate exceeded" }),
        headers: {
          "content-type": "application/json",
          "x-amzn-errortype": "TooManyRequestsException",
        },
      };
    if (service === "s3")
      return xmlFault(503, s3Error("SlowDown", "Please reduce your request rate."));
    return xmlFault(
      400,
      `<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>replay</RequestId></ErrorResponse>`,
    );
  },
  "server-error": (service) => {
    if (JSON_SERVICES.has(service)) return jsonFault(500, "InternalFailure", service);
    if (service === "ec2")
      return xmlFault(
        500,
        `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>InternalError</Code><Message>An internal error has occurred</Message></Error></Errors><RequestID>replay</RequestID></Response>`,
      );
    if (service === "lambda")
      return {
        status: 500,
        body: JSON.stringify({ Type: "Service", message: "Internal failure" }),
        headers: { "content-type": "application/json", "x-amzn-errortype": "ServiceException" },
      };
    if (service === "s3")
      return xmlFault(500, s3Error("InternalError", "We encountered an internal error."));
    return xmlFault(
      500,
      `<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>Internal failure</Message></Error><RequestId>replay</RequestId></ErrorResponse>`,
    );
  },
};
