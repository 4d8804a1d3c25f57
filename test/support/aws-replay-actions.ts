import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * EC2's state-changing calls for the replay server: botocore's wire payloads with the request's
 * own ids and the current time put in, as EC2 answers them. DeleteVolume's answer is EC2's
 * `<return>true</return>` shape, taken from the DeleteInternetGateway payload.
 */

const FIXTURES = path.join(import.meta.dirname, "../fixtures/aws");
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), "utf8");

const tag = (xml: string, name: string, value: string) =>
  xml.replace(new RegExp(`<${name}>[^<]*</${name}>`, "g"), `<${name}>${value}</${name}>`);

/** The answer to an EC2 action the replay serves here, or null when it is not one of them. */
export function answerEc2Action(
  action: string,
  params: URLSearchParams,
  snapshotIds: () => string,
): string | null {
  switch (action) {
    case "StopInstances":
    case "StartInstances": {
      const file =
        action === "StopInstances" ? "ec2-stop-instances.xml" : "ec2-start-instances.xml";
      return tag(fixture(file), "instanceId", params.get("InstanceId.1") ?? "");
    }
    case "CreateSnapshot": {
      let xml = tag(fixture("ec2-create-snapshot.xml"), "volumeId", params.get("VolumeId") ?? "");
      xml = tag(xml, "snapshotId", snapshotIds());
      xml = tag(xml, "startTime", new Date().toISOString());
      return tag(xml, "description", params.get("Description") ?? "");
    }
    case "DeleteVolume":
      return fixture("ec2-delete-internet-gateway.xml").replaceAll(
        "DeleteInternetGatewayResponse",
        "DeleteVolumeResponse",
      );
    case "CreateTags":
    case "DeleteTags":
      // EC2 answers both with `<return>true</return>`; botocore has no wire fixture of either.
      return fixture("ec2-delete-internet-gateway.xml").replaceAll(
        "DeleteInternetGatewayResponse",
        `${action}Response`,
      );
    default:
      return null;
  }
}
