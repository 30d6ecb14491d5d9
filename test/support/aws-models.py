"""Validates AWS API requests against botocore's service models, in one process for a whole batch.

stdin:  {"requests": [{"id", "service" (IAM prefix: ecs, states, events, ...), "operation", "input"}]}
stdout: {"findings": [{"request", "path", "rule", "message"}], "uncheckedPatterns": [...],
         "modelless": [...], "counts": {...}}

Beyond botocore.validate.ParamValidator (required, unknown members, types, min), this checks max
lengths and values, enums, list and map sizes, unions and patterns; the ASL inside
CreateStateMachine / UpdateStateMachine, whose Task states' Parameters are requests too (an
optimized or AWS SDK integration takes its API's input shape, member names in PascalCase); and the
IAM policy documents, against IAM's policy grammar and quotas the models leave out; and the
CloudWatch Logs calls ECS makes for a task definition's awslogs containers.

Patterns: the models' patterns are Java regular expressions that the services match against the
whole value, so they are applied with re.fullmatch, with \\w, \\d and \\s as ASCII (Java's
defaults), \\p{L}, \\p{Z} and \\p{N} expanded from unicodedata, and UTF-16 surrogate-pair ranges
turned into code point ranges. A pattern that still does not compile is listed in
"uncheckedPatterns" with the reason, never skipped silently.
"""

import json
import re
import sys
import unicodedata

try:
    import botocore.session
except ImportError:
    print(json.dumps({"error": "botocore is not installed for " + sys.executable}))
    sys.exit(3)

# IAM service prefixes (AwsCall.service, integration ARNs) whose botocore model has another name.
MODEL_NAMES = {"states": "stepfunctions", "sfn": "stepfunctions"}

# Documented limits the models leave out (they accept ARNs for table names, or leave the size to
# the service): (model, operation, member path without list indices) -> check.
EXTRA_LIMITS = {
    ("dynamodb", "CreateTable", "TableName"): {"min": 3, "max": 255, "pattern": r"[a-zA-Z0-9_.-]+"},
    ("dynamodb", "UpdateItem", "TableName"): {"min": 3, "max": 255, "pattern": r"[a-zA-Z0-9_.-]+"},
    ("dynamodb", "GetItem", "TableName"): {"min": 3, "max": 255, "pattern": r"[a-zA-Z0-9_.-]+"},
    ("sns", "Publish", "Subject"): {"max": 100},
    ("sns", "Publish", "Message"): {"max": 262144},
}

# IAM quotas (IAM and AWS STS quotas page): characters of the document without whitespace.
INLINE_ROLE_POLICY_MAX = 10240
TRUST_POLICY_MAX = 2048

# Actions without resource-level permissions: their Resource must be "*".
ACTIONS_WITHOUT_RESOURCES = {"ecr:GetAuthorizationToken"}

# Wildcards batchflow writes on purpose, at the end of a resource: any revision of a family, any
# task of a cluster, the log streams of a group, the id EventBridge appends to a connection (and
# its secret), the six characters Secrets Manager appends to a secret name, any execution (a lock
# holder). Anywhere else a * or ? in an ARN stands where a name was meant.
INTENDED_WILDCARDS = [
    re.compile(r"(.*:task-definition/[^*?:/]+):\*"),
    re.compile(r"(.*:task/[^*?/]+)/\*"),
    re.compile(r"(.*:log-group:[^*?]+):\*"),
    re.compile(r"(.*[:!]connection/[^*?/]+)/\*"),
    re.compile(r"(.*:secret:[^*?]+)-\?{6}"),
    # A busy lock's holder may be an execution of any workflow, of any project.
    re.compile(r"(.*:states:[^:]*:[^:]*:execution):\*:\*"),
    # Any execution of one state machine (the workflow's lock machine, which it calls and may stop).
    re.compile(r"(.*:states:[^:]*:[^:]*:execution:[^*?:]+):\*"),
    # The child executions of a workflow's Distributed Map (`execution:<workflow>/<map run>:<name>`).
    re.compile(r"(.*:states:[^:]*:[^:]*:execution:[^*?:/]+)/\*"),
]
ARN = re.compile(r"arn:(aws|aws-cn|aws-us-gov):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws)?:(.+)")
ACTION = re.compile(r"[a-z0-9-]+:[A-Za-z0-9*?]+")
CONDITION_OPERATOR = re.compile(
    r"(?:(?:ForAllValues|ForAnyValue):)?"
    r"(?:String|Numeric|Date|Bool|Binary|IpAddress|NotIpAddress|Arn|Null)[A-Za-z]*(?:IfExists)?"
)


class Validator:
    def __init__(self):
        self.session = botocore.session.get_session()
        self.models = {}
        self.patterns = {}
        self.unchecked = {}
        self.modelless = {}
        self.findings = []
        self.counts = {"requests": 0, "values": 0, "taskStates": 0, "policies": 0}
        self.request = ""

    # -- models -----------------------------------------------------------------------------

    def model(self, prefix):
        name = MODEL_NAMES.get(prefix, prefix)
        if name not in self.models:
            self.models[name] = self.session.get_service_model(name)
        return self.models[name]

    def find(self, path, rule, message):
        self.findings.append({"request": self.request, "path": path, "rule": rule, "message": message})

    def validate_request(self, request):
        self.request = request["id"]
        self.counts["requests"] += 1
        model = self.model(request["service"])
        try:
            op = model.operation_model(request["operation"])
        except Exception:
            self.find("", "operation", f"{model.service_name} has no operation {request['operation']}")
            return
        value = request["input"]
        self.check(op.input_shape, value, "", asl=False)
        self.check_extra(model.service_name, op.name, value, "")
        self.check_embedded(model.service_name, op.name, value)

    def check(self, shape, value, path, asl):
        """Checks value against shape. In ASL mode a member name may be in PascalCase and a key
        ending in `.$` holds a path or intrinsic whose value is only known at run time."""
        self.counts["values"] += 1
        kind = shape.type_name
        where = path or "(input)"
        if kind == "structure":
            if not isinstance(value, dict):
                return self.find(where, "type", f"expected an object ({shape.name}), got {describe(value)}")
            if shape.metadata.get("document"):
                return None
            given = {}
            for key, member_value in value.items():
                dynamic = asl and key.endswith(".$")
                name = member_name(shape, key[:-2] if dynamic else key, asl)
                sub = f"{path}.{key}" if path else key
                if name is None:
                    self.find(sub, "unknown-member", f"{shape.name} has no member {key}")
                    continue
                given[name] = True
                if dynamic:
                    if not isinstance(member_value, str) or not member_value.startswith(("$", "States.")):
                        self.find(sub, "type", f"a .$ field takes a path or intrinsic, got {describe(member_value)}")
                else:
                    self.check(shape.members[name], member_value, sub, asl)
            for name in shape.required_members:
                if name not in given and not shape.members[name].metadata.get("idempotencyToken"):
                    self.find(f"{path}.{name}" if path else name, "required", f"{shape.name} requires {name}")
            if shape.metadata.get("union") and len(given) != 1:
                self.find(where, "union", f"{shape.name} takes exactly one member, got {sorted(given)}")
        elif kind == "list":
            if not isinstance(value, list):
                return self.find(where, "type", f"expected a list ({shape.name}), got {describe(value)}")
            self.check_range(shape, len(value), where, "list-length", "items")
            for i, item in enumerate(value):
                self.check(shape.member, item, f"{path}[{i}]", asl)
        elif kind == "map":
            if not isinstance(value, dict):
                return self.find(where, "type", f"expected a map ({shape.name}), got {describe(value)}")
            self.check_range(shape, len(value), where, "map-size", "entries")
            for key, item in value.items():
                self.check(shape.key, key, f"{path}{{{key}}}", asl)
                self.check(shape.value, item, f"{path}[{json.dumps(key)}]", asl)
        elif kind == "string":
            if not isinstance(value, str):
                return self.find(where, "type", f"expected a string ({shape.name}), got {describe(value)}")
            self.check_range(shape, len(value), where, "length", "characters")
            if shape.enum and value not in shape.enum:
                self.find(where, "enum", f"{shape.name} is one of {shape.enum}, got {json.dumps(value)}")
            self.check_pattern(shape.name, shape.metadata.get("pattern"), value, where)
        elif kind in ("integer", "long"):
            if not isinstance(value, int) or isinstance(value, bool):
                return self.find(where, "type", f"expected an integer ({shape.name}), got {describe(value)}")
            self.check_range(shape, value, where, "value", "")
        elif kind in ("float", "double"):
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                return self.find(where, "type", f"expected a number ({shape.name}), got {describe(value)}")
            self.check_range(shape, value, where, "value", "")
        elif kind == "boolean":
            if not isinstance(value, bool):
                self.find(where, "type", f"expected a boolean ({shape.name}), got {describe(value)}")
        elif kind == "timestamp":
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                self.find(where, "type", f"expected a timestamp ({shape.name}), got {describe(value)}")
        elif kind == "blob":
            if not isinstance(value, str):
                self.find(where, "type", f"expected a blob (base64 string) ({shape.name}), got {describe(value)}")
        else:
            self.find(where, "type", f"shape {shape.name} has a type this validator does not know: {kind}")
        return None

    def check_range(self, shape, size, where, rule, unit):
        low, high = shape.metadata.get("min"), shape.metadata.get("max")
        suffix = f" {unit}" if unit else ""
        if low is not None and size < low:
            self.find(where, f"min-{rule}", f"{shape.name} takes at least {low}{suffix}, got {size}")
        if high is not None and size > high:
            self.find(where, f"max-{rule}", f"{shape.name} takes at most {high}{suffix}, got {size}")

    def check_pattern(self, shape_name, pattern, value, where):
        if pattern is None:
            return
        if pattern not in self.patterns:
            try:
                self.patterns[pattern] = re.compile(java_to_python(pattern), re.ASCII)
            except (re.error, ValueError) as error:
                self.patterns[pattern] = None
                self.unchecked[pattern] = {"shape": shape_name, "pattern": pattern, "reason": str(error)}
        compiled = self.patterns[pattern]
        if compiled is not None and compiled.fullmatch(value) is None:
            self.find(where, "pattern", f"{shape_name} must match {pattern}, got {json.dumps(value)[:200]}")

    def check_extra(self, model, operation, value, path):
        for (m, op, member), limits in EXTRA_LIMITS.items():
            if (m, op) != (model, operation) or not isinstance(value, dict):
                continue
            field = value.get(member)
            if not isinstance(field, str):
                continue
            where = f"{path}.{member}" if path else member
            if "min" in limits and len(field) < limits["min"]:
                self.find(where, "min-length", f"{op} {member} takes at least {limits['min']} characters (AWS docs), got {len(field)}")
            if "max" in limits and len(field) > limits["max"]:
                self.find(where, "max-length", f"{op} {member} takes at most {limits['max']} characters (AWS docs), got {len(field)}")
            if "pattern" in limits and re.fullmatch(limits["pattern"], field) is None:
                self.find(where, "pattern", f"{op} {member} must match {limits['pattern']} (AWS docs), got {json.dumps(field)}")

    # -- what a request carries as a string: ASL and policy documents ------------------------

    def check_embedded(self, model, operation, value):
        if not isinstance(value, dict):
            return
        for where, text in strings(value, ""):
            if "${" in text:
                self.find(where, "placeholder", f"a placeholder is left in the request: {text[text.index('${'):][:60]}")
        if model == "stepfunctions" and operation in ("CreateStateMachine", "UpdateStateMachine"):
            definition = parse_json(value.get("definition"))
            if definition is None:
                return self.find("definition", "json", "the definition is not JSON")
            self.check_states(definition, "definition")
        if model == "ecs" and operation == "RegisterTaskDefinition":
            self.check_log_requests(value)
        if model == "iam":
            documents = {
                "CreateRole": ("AssumeRolePolicyDocument", "trust"),
                "UpdateAssumeRolePolicy": ("PolicyDocument", "trust"),
                "PutRolePolicy": ("PolicyDocument", "identity"),
            }
            if operation in documents:
                member, kind = documents[operation]
                text = value.get(member)
                document = parse_json(text)
                if document is None:
                    return self.find(member, "json", "the policy document is not JSON")
                self.check_policy(document, kind, member, text)
        return None

    def check_log_requests(self, task_definition):
        """The CloudWatch Logs calls ECS makes for an awslogs container when a task starts: the
        group (created when awslogs-create-group is set) and a stream <prefix>/<container>/<task id>."""
        logs = self.model("logs")
        for i, container in enumerate(task_definition.get("containerDefinitions") or []):
            config = container.get("logConfiguration") or {}
            options = config.get("options") or {}
            if config.get("logDriver") != "awslogs" or "awslogs-group" not in options:
                continue
            here = f"containerDefinitions[{i}].logConfiguration.options"
            group = {"logGroupName": options["awslogs-group"]}
            if options.get("awslogs-create-group") == "true":
                self.check(logs.operation_model("CreateLogGroup").input_shape, group, f"{here}~logs:CreateLogGroup", False)
            stream = f"{options.get('awslogs-stream-prefix')}/{container.get('name')}/{'0' * 32}"
            self.check(
                logs.operation_model("CreateLogStream").input_shape,
                {**group, "logStreamName": stream},
                f"{here}~logs:CreateLogStream",
                False,
            )

    def check_states(self, machine, path):
        for name, state in (machine.get("States") or {}).items():
            here = f"{path}.States[{json.dumps(name)}]"
            for i, branch in enumerate(state.get("Branches") or []):
                self.check_states(branch, f"{here}.Branches[{i}]")
            for key in ("Iterator", "ItemProcessor"):
                if isinstance(state.get(key), dict):
                    self.check_states(state[key], f"{here}.{key}")
            if state.get("Type") == "Task":
                self.check_task(state, here)
            if isinstance(state.get("ItemReader"), dict):
                # A Distributed Map's reader makes its request (e.g. s3:listObjectsV2) as a Task would.
                self.check_integration(state["ItemReader"], f"{here}.ItemReader")

    def check_task(self, state, path):
        self.counts["taskStates"] += 1
        return self.check_integration(state, path)

    def check_integration(self, state, path):
        resource = state.get("Resource", "")
        match = re.fullmatch(r"arn:aws(?:-cn|-us-gov)?:states:::(.+?)(?:\.sync(?::2)?|\.waitForTaskToken)?", resource)
        if match is None:
            return self.find(f"{path}.Resource", "integration", f"not a service integration ARN: {resource}")
        integration = match.group(1)
        if integration == "http:invoke":
            # Step Functions' own HTTP task has no AWS API model; asl-validator checks its shape.
            self.modelless[integration] = self.modelless.get(integration, 0) + 1
            return None
        sdk = re.fullmatch(r"aws-sdk:([a-z0-9]+):([a-zA-Z0-9]+)", integration)
        if sdk:
            service, action = sdk.group(1), sdk.group(2)
        else:
            service, _, action = integration.partition(":")
        try:
            model = self.model(service)
            op = model.operation_model(action[:1].upper() + action[1:])
        except Exception:
            return self.find(f"{path}.Resource", "integration", f"no botocore model for the integration {integration}")
        parameters = state.get("Parameters", {})
        if (service, action) == ("states", "startExecution") and isinstance(parameters.get("Input"), dict):
            # The optimized integration takes the child's input as JSON and serializes it itself
            # (Step Functions Developer Guide, "Start a new state machine from a running execution").
            parameters = {**parameters, "Input": json.dumps(parameters["Input"])}
        self.check(op.input_shape, parameters, f"{path}.Parameters", asl=True)
        self.check_extra(model.service_name, op.name, parameters, f"{path}.Parameters")
        return None

    # -- IAM ----------------------------------------------------------------------------------

    def check_policy(self, doc, kind, path, text):
        self.counts["policies"] += 1
        size = len(re.sub(r"\s", "", text))
        limit = TRUST_POLICY_MAX if kind == "trust" else INLINE_ROLE_POLICY_MAX
        if size > limit:
            self.find(path, "iam-size", f"a {kind} policy takes at most {limit} characters without whitespace, got {size}")
        if not isinstance(doc, dict):
            return self.find(path, "iam-grammar", "a policy is a JSON object")
        for key in doc:
            if key not in ("Version", "Id", "Statement"):
                self.find(f"{path}.{key}", "iam-grammar", f"a policy has no element {key}")
        if doc.get("Version") != "2012-10-17":
            self.find(f"{path}.Version", "iam-grammar", f"Version must be 2012-10-17, got {json.dumps(doc.get('Version'))}")
        statements = doc.get("Statement")
        statements = [statements] if isinstance(statements, dict) else statements
        if not isinstance(statements, list) or not statements:
            return self.find(f"{path}.Statement", "iam-grammar", "Statement must be a statement or a non-empty list")
        sids = set()
        for i, statement in enumerate(statements):
            here = f"{path}.Statement[{i}]"
            if not isinstance(statement, dict):
                self.find(here, "iam-grammar", "a statement is a JSON object")
                continue
            sid = statement.get("Sid")
            if sid is not None:
                if not isinstance(sid, str) or re.fullmatch(r"[A-Za-z0-9]*", sid) is None:
                    self.find(f"{here}.Sid", "iam-grammar", f"a Sid is letters and digits, got {json.dumps(sid)}")
                elif sid in sids:
                    self.find(f"{here}.Sid", "iam-grammar", f"Sid {sid} is not unique in the policy")
                sids.add(sid)
            self.check_statement(statement, kind, here)
        return None

    def check_statement(self, statement, kind, here):
        allowed = {"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"}
        allowed |= {"Principal", "NotPrincipal"} if kind == "trust" else set()
        for key in statement:
            if key not in allowed:
                self.find(f"{here}.{key}", "iam-grammar", f"a {kind} policy statement has no element {key}")
        if statement.get("Effect") not in ("Allow", "Deny"):
            self.find(f"{here}.Effect", "iam-grammar", f"Effect is Allow or Deny, got {json.dumps(statement.get('Effect'))}")
        actions = self.string_list(statement, "Action", "NotAction", here)
        for j, action in enumerate(actions):
            if action != "*" and ACTION.fullmatch(action) is None:
                self.find(f"{here}.Action[{j}]", "iam-action", f"an action is service:Action, got {json.dumps(action)}")
        if kind == "trust":
            principal = statement.get("Principal")
            services = principal.get("Service") if isinstance(principal, dict) else None
            services = [services] if isinstance(services, str) else services
            if not isinstance(services, list) or not services:
                self.find(f"{here}.Principal", "iam-grammar", "a trust statement names a service principal")
            else:
                for service in services:
                    if not isinstance(service, str) or re.fullmatch(r"[a-z0-9.-]+\.amazonaws\.com", service) is None:
                        self.find(f"{here}.Principal.Service", "iam-grammar", f"not a service principal: {json.dumps(service)}")
        else:
            resources = self.string_list(statement, "Resource", "NotResource", here)
            for j, resource in enumerate(resources):
                self.check_resource(resource, actions, f"{here}.Resource[{j}]")
        condition = statement.get("Condition")
        if condition is not None:
            self.check_condition(condition, f"{here}.Condition")

    def string_list(self, statement, name, negated, here):
        present = [k for k in (name, negated) if k in statement]
        if len(present) != 1:
            self.find(f"{here}.{name}", "iam-grammar", f"a statement has exactly one of {name} and {negated}")
            return []
        value = statement[present[0]]
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
            self.find(f"{here}.{present[0]}", "iam-grammar", f"{present[0]} is a string or a non-empty list of strings")
            return []
        return values

    def check_resource(self, resource, actions, where):
        if resource == "*":
            if not set(actions) <= ACTIONS_WITHOUT_RESOURCES:
                self.find(where, "iam-resource", f"Resource * for actions that take resources: {actions}")
            return
        match = ARN.fullmatch(resource)
        if match is None:
            return self.find(where, "iam-resource", f"not a well-formed ARN: {json.dumps(resource)}")
        name = next((m.group(1) for m in (w.fullmatch(resource) for w in INTENDED_WILDCARDS) if m), resource)
        if "*" in name or "?" in name:
            self.find(where, "iam-wildcard", f"a * or ? where a name was meant: {json.dumps(resource)}")
        return None

    def check_condition(self, condition, where):
        if not isinstance(condition, dict):
            return self.find(where, "iam-grammar", "Condition is an object of operators")
        for operator, block in condition.items():
            if CONDITION_OPERATOR.fullmatch(operator) is None:
                self.find(f"{where}.{operator}", "iam-grammar", f"not a condition operator: {operator}")
            if not isinstance(block, dict) or not block:
                self.find(f"{where}.{operator}", "iam-grammar", "a condition operator takes an object of keys")
                continue
            for key, values in block.items():
                if re.fullmatch(r"[a-zA-Z0-9-]+:[A-Za-z0-9/_.-]+", key) is None:
                    self.find(f"{where}.{operator}.{key}", "iam-grammar", f"not a condition key: {key}")
                values = [values] if isinstance(values, (str, bool, int)) else values
                if not isinstance(values, list) or not values:
                    self.find(f"{where}.{operator}.{key}", "iam-grammar", "a condition key takes a value or a list")
                elif operator.startswith("Arn"):
                    for value in values:
                        if ARN.fullmatch(str(value)) is None or "*" in str(value):
                            self.find(f"{where}.{operator}.{key}", "iam-resource", f"not a whole ARN: {json.dumps(value)}")
        return None


def member_name(shape, key, asl):
    if key in shape.members:
        return key
    if asl:
        # Step Functions writes API members in PascalCase (ECS's `cluster` is `Cluster`).
        for name in shape.members:
            if name[:1].upper() + name[1:] == key:
                return name
    return None


_categories = {}


def category_classes():
    """Character-class bodies of the Unicode general categories by their first letter (L, N, Z, ...),
    from one pass over every code point."""
    if not _categories:
        ranges, current, start = {}, None, 0
        for cp in range(0x110001):
            letter = unicodedata.category(chr(cp))[0] if cp <= 0x10FFFF else None
            if letter != current:
                if current is not None:
                    ranges.setdefault(current, []).append((start, cp - 1))
                current, start = letter, cp
        for letter, spans in ranges.items():
            _categories[letter] = "".join(
                f"\\U{a:08X}" if a == b else f"\\U{a:08X}-\\U{b:08X}" for a, b in spans
            )
    return _categories


def java_to_python(pattern):
    # Java matches UTF-16 code units; a surrogate pair range means the supplementary planes.
    out = pattern.replace(r"\uD800\uDC00-\uDBFF\uDFFF", r"\U00010000-\U0010FFFF")
    if "&&" in out:
        raise ValueError("Java character class intersection (&&) has no Python form")
    if r"\z" in out:
        out = out.replace(r"\z", r"\Z")

    def category(match):
        name = match.group(1)
        if len(name) != 1 or name not in category_classes():
            raise ValueError(f"Unicode property \\p{{{name}}} is not translated")
        body = category_classes()[name]
        inside_class = out[: match.start()].count("[") > out[: match.start()].count("]")
        return body if inside_class else f"[{body}]"

    return re.sub(r"\\p\{([A-Za-z]+)\}", category, out)


def strings(value, path):
    """Every string in a JSON value, with its path."""
    if isinstance(value, str):
        yield path or "(input)", value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from strings(item, f"{path}[{i}]")


def parse_json(text):
    if not isinstance(text, str):
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def describe(value):
    return f"{type(value).__name__} {json.dumps(value)[:60]}"


def main():
    batch = json.load(sys.stdin)
    validator = Validator()
    for request in batch["requests"]:
        validator.validate_request(request)
    print(
        json.dumps(
            {
                "findings": validator.findings,
                "uncheckedPatterns": sorted(validator.unchecked.values(), key=lambda p: p["pattern"]),
                "modelless": validator.modelless,
                "counts": validator.counts,
            }
        )
    )


if __name__ == "__main__":
    main()
