// A VPC, subnet and security group in moto with the same ids after every reset: moto checks the
// subnets and security groups of an ECS service, and the bundles of the service tests are
// compiled with these ids. Ids are drawn from moto's random generator, seeded before each create.
import { testRegion } from "./moto.js";

export interface TestNetwork {
  readonly subnet: string;
  readonly securityGroup: string;
}

/** Creates the network (after a reset) and returns its ids, equal for every reset server. */
export async function createTestNetwork(endpoint: string): Promise<TestNetwork> {
  const seed = async (n: number) => {
    const res = await fetch(`${endpoint}/moto-api/seed?a=${n}`, { method: "POST" });
    if (!res.ok) throw new Error(`moto seed failed: ${res.status}`);
  };
  // The EC2 query API, which the deploy package has no client for; moto reads the region and the
  // service from the credential scope and does not check the signature.
  const ec2 = async (params: Record<string, string>, id: RegExp): Promise<string> => {
    const res = await fetch(`${endpoint}/`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `AWS4-HMAC-SHA256 Credential=testing/20240101/${testRegion}/ec2/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: new URLSearchParams({ Version: "2016-11-15", ...params }),
    });
    const text = await res.text();
    const found = id.exec(text)?.[1];
    if (!res.ok || found === undefined) throw new Error(`EC2 ${params.Action} failed: ${text.slice(0, 500)}`);
    return found;
  };
  await seed(11);
  const vpc = await ec2({ Action: "CreateVpc", CidrBlock: "10.9.0.0/16" }, /<vpcId>(vpc-[0-9a-f]+)</);
  await seed(12);
  const subnet = await ec2(
    { Action: "CreateSubnet", VpcId: vpc, CidrBlock: "10.9.1.0/24" },
    /<subnetId>(subnet-[0-9a-f]+)</,
  );
  await seed(13);
  const securityGroup = await ec2(
    { Action: "CreateSecurityGroup", GroupName: "service", GroupDescription: "service tests", VpcId: vpc },
    /<groupId>(sg-[0-9a-f]+)</,
  );
  return { subnet, securityGroup };
}
