"""Tributary's Python runtime (standard library only): loads the handler named by _HANDLER and
serves invocations from the Lambda Runtime API, reporting results and errors as AWS's Python
runtimes do."""
import importlib
import json
import logging
import os
import socket
import sys
import threading
import time
import traceback

# The bootstrap's own directory must not shadow user modules; the engine puts the code and layer
# directories on PYTHONPATH.
if sys.path and os.path.abspath(sys.path[0] or ".") == os.path.dirname(os.path.abspath(__file__)):
    del sys.path[0]
# The interpreter runs without site-packages (-S), as on Lambda; the engine passes the directory of
# the SDK bundle Lambda ships (boto3 and its dependencies), which goes last so the function's own
# packages win.
if len(sys.argv) > 1 and os.path.isdir(sys.argv[1]):
    sys.path.append(sys.argv[1])
# Layers' site-packages directories are site directories: their .pth files apply.
for _entry in [p for p in sys.path if p.endswith("site-packages") and os.path.isdir(p)]:
    import site

    site.addsitedir(_entry)

_request_id = ""


class RuntimeClient:
    """HTTP/1.1 over one keep-alive socket; http.client would add ~50 ms to every cold start."""

    def __init__(self, address):
        host, port = address.rsplit(":", 1)
        self.address = (host, int(port))
        self.sock = None
        self.reader = None

    def _exchange(self, method, path, body, headers):
        if self.sock is None:
            self.sock = socket.create_connection(self.address)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.reader = self.sock.makefile("rb")
        lines = ["%s /2018-06-01/runtime%s HTTP/1.1" % (method, path), "Host: %s:%d" % self.address,
                 "Content-Length: %d" % len(body)]
        lines.extend("%s: %s" % item for item in headers.items())
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        status_line = self.reader.readline()
        if not status_line:
            raise ConnectionError("Runtime API closed the connection")
        status = int(status_line.split()[1])
        response_headers = {}
        while True:
            line = self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            response_headers[name.strip().lower()] = value.strip()
        if "content-length" in response_headers:
            payload = self.reader.read(int(response_headers["content-length"]))
        elif response_headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.reader.readline().split(b";")[0], 16)
                if size == 0:
                    self.reader.readline()
                    break
                chunks.append(self.reader.read(size))
                self.reader.readline()
            payload = b"".join(chunks)
        else:
            payload = b""
        return status, response_headers, payload

    def call(self, method, path, body=b"", headers=None):
        try:
            return self._exchange(method, path, body, headers or {})
        except (OSError, ValueError, IndexError):
            # The platform is gone; so is this sandbox.
            os._exit(1)

    def next(self):
        status, headers, body = self.call("GET", "/invocation/next")
        if status != 200:
            os._exit(1)
        return headers, body

    def respond(self, request_id, body):
        self.call("POST", "/invocation/%s/response" % request_id, body, {"Content-Type": "application/json"})

    def fail(self, request_id, error):
        self.call("POST", "/invocation/%s/error" % request_id, _to_json(error),
                  {"Content-Type": "application/json", "Lambda-Runtime-Function-Error-Type": error["errorType"]})

    def init_error(self, error):
        self.call("POST", "/init/error", _to_json(error),
                  {"Content-Type": "application/json", "Lambda-Runtime-Function-Error-Type": error["errorType"]})


class FaultException(Exception):
    def __init__(self, error_type, message, stack_trace=None):
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.stack_trace = stack_trace or []


def _json_default(value):
    import decimal

    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError("Object of type %s is not JSON serializable" % type(value).__name__)


# As AWS's runtime: python3.12 alone writes non-ASCII characters as they are.
_ENSURE_ASCII = os.environ.get("AWS_EXECUTION_ENV") != "AWS_Lambda_python3.12"


def _to_json(value):
    return json.dumps(value, default=_json_default, ensure_ascii=_ENSURE_ASCII).encode("utf-8")


def _marshal_response(value):
    if isinstance(value, bytes):
        return value
    try:
        return _to_json(value)
    except Exception as e:
        raise FaultException("Runtime.MarshalError", "Unable to marshal response: %s" % e)


def _make_error(message, error_type, stack_trace, request_id):
    return {"errorMessage": message or "", "errorType": error_type or "", "requestId": request_id or "",
            "stackTrace": stack_trace or []}


def _fault_result(exc_info, request_id):
    error_type, value, tb = exc_info
    if isinstance(value, FaultException):
        return _make_error(value.message, value.error_type, value.stack_trace, request_id)
    frames = traceback.extract_tb(tb)
    # Like AWS's runtime: the runtime's own leading frames are not the user's concern.
    while frames and "/bootstrap.py" in frames[0].filename:
        frames = frames[1:]
    return _make_error(str(value), error_type.__name__, traceback.format_list(frames), request_id)


_UNHANDLED_WARNING = (
    "LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code. However, in rare "
    "cases, a Lambda runtime update can cause unexpected function behavior. For functions using managed runtimes, "
    "runtime updates can be triggered by a function change, or can be applied automatically. To determine if the "
    "runtime has been updated, check the runtime version in the INIT_START log entry. If this error correlates with a "
    "change in the runtime version, you may be able to mitigate this error by temporarily rolling back to the previous "
    "runtime version. For more information, see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html"
)


def _log_error(error):
    """One log record, as AWS's runtime writes it: lines joined by CR, indentation as no-break spaces."""
    if _LOG_FORMAT == "JSON":
        # The JSON record's timestamp has whole seconds and no zone designator, as AWS's runtime writes it.
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
        sys.stdout.write(_to_json({"timestamp": stamp, "level": "ERROR", **error}).decode("utf-8") + "\n")
        return
    description = "[ERROR]"
    if error["errorType"]:
        description += " " + error["errorType"]
    if error["errorMessage"]:
        if error["errorType"]:
            description += ":"
        description += " " + error["errorMessage"]
    lines = [description, "Traceback (most recent call last):"]
    for element in error["stackTrace"]:
        if element == "":
            lines.append("")
            continue
        for line in element.splitlines():
            stripped = line.lstrip(" ")
            lines.append("\u00a0" * (len(line) - len(stripped)) + stripped)
    sys.stdout.write("\r".join(lines) + "\n")


class _RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = _request_id
        return True


class _LambdaLogHandler(logging.Handler):
    """Writes each record whole; AWS's format ends records with a newline, tracebacks included."""

    def emit(self, record):
        try:
            text = self.format(record)
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
        except Exception:
            self.handleError(record)


# LoggingConfig reaches the runtime as AWS_LAMBDA_LOG_FORMAT ("JSON" or absent) and
# AWS_LAMBDA_LOG_LEVEL (the application log level; TRACE maps to Python's DEBUG).
_LOG_FORMAT = (os.environ.get("AWS_LAMBDA_LOG_FORMAT") or "").upper()
_LOG_LEVEL = {"TRACE": "DEBUG"}.get((os.environ.get("AWS_LAMBDA_LOG_LEVEL") or "").upper(),
                                    (os.environ.get("AWS_LAMBDA_LOG_LEVEL") or "").upper())

# LogRecord attributes that are not `extra=` fields of the user's.
_RECORD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"aws_request_id", "message", "asctime", "taskName"}


class _JsonFormatter(logging.Formatter):
    """One JSON object per record with the keys of AWS's Python runtime, plus the record's extras."""

    def format(self, record):
        level = min(50, max(0, record.levelno)) // 10 * 10
        created = time.gmtime(record.created)
        out = {
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S", created) + ".%03dZ" % int(record.msecs),
            "level": logging.getLevelName(level),
            "message": record.getMessage(),
            "logger": record.name,
        }
        if record.exc_info:
            out["stackTrace"] = traceback.format_tb(record.exc_info[2])
            out["errorType"] = record.exc_info[0].__name__
            out["errorMessage"] = str(record.exc_info[1])
        out["requestId"] = getattr(record, "aws_request_id", None)
        if record.exc_info:
            out["location"] = "%s:%s:%d" % (record.pathname, record.funcName, record.lineno)
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and key not in out:
                out[key] = value
        return json.dumps({k: v for k, v in out.items() if v is not None}, ensure_ascii=False, default=str) + "\n"


def _configure_logging():
    logging.Formatter.converter = time.gmtime
    handler = _LambdaLogHandler()
    if _LOG_FORMAT == "JSON":
        handler.setFormatter(_JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n",
                                               "%Y-%m-%dT%H:%M:%S"))
    if _LOG_LEVEL in ("DEBUG", "INFO", "WARNING", "WARN", "ERROR", "CRITICAL", "FATAL"):
        logging.getLogger().setLevel(_LOG_LEVEL)
    handler.addFilter(_RequestIdFilter())
    logging.getLogger().addHandler(handler)


def _load_handler(handler):
    try:
        module_name, function_name = handler.rsplit(".", 1)
    except ValueError as e:
        raise FaultException("Runtime.MalformedHandlerName", "Bad handler '%s': %s" % (handler, e))
    module_path = module_name.replace("/", ".")
    if module_path.split(".")[0] in sys.builtin_module_names:
        raise FaultException("Runtime.BuiltInModuleConflict",
                             "Cannot use built-in module %s as a handler module" % module_name)
    try:
        module = importlib.import_module(module_path)
    except ImportError as e:
        raise FaultException("Runtime.ImportModuleError", "Unable to import module '%s': %s" % (module_name, e))
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise FaultException("Runtime.UserCodeSyntaxError",
                             "Syntax error in module '%s': %s" % (module_name, e), trace)
    try:
        return getattr(module, function_name)
    except AttributeError:
        raise FaultException("Runtime.HandlerNotFound",
                             "Handler '%s' missing on module '%s'" % (function_name, module_name))


def _slots_repr(obj):
    fields = ",".join("%s=%s" % (name, getattr(obj, name)) for name in obj.__slots__)
    return "%s([%s])" % (obj.__class__.__name__, fields)


class CognitoIdentity:
    __slots__ = ["cognito_identity_id", "cognito_identity_pool_id"]
    __repr__ = _slots_repr


class Client:
    __slots__ = ["installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name"]
    __repr__ = _slots_repr


class ClientContext:
    __slots__ = ["custom", "env", "client"]
    __repr__ = _slots_repr


def _object_from_dict(cls, values):
    if values is None:
        return None
    obj = cls()
    for key in cls.__slots__:
        setattr(obj, key, values.get(key))
    return obj


class LambdaContext:
    def __init__(self, request_id, client_context, cognito_identity, deadline_ms, invoked_function_arn, tenant_id):
        self.aws_request_id = request_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = invoked_function_arn
        self.tenant_id = tenant_id
        self.client_context = _object_from_dict(ClientContext, client_context)
        if self.client_context is not None:
            self.client_context.client = _object_from_dict(Client, self.client_context.client)
        self.identity = _object_from_dict(CognitoIdentity, {})
        if cognito_identity is not None:
            self.identity.cognito_identity_id = cognito_identity.get("cognitoIdentityId")
            self.identity.cognito_identity_pool_id = cognito_identity.get("cognitoIdentityPoolId")
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        remaining = self._deadline_ms - int(time.time() * 1000)
        return remaining if remaining > 0 else 0

    def log(self, message):
        sys.stdout.write(str(message))

    def __repr__(self):
        return ("LambdaContext([aws_request_id=%s,log_group_name=%s,log_stream_name=%s,function_name=%s,"
                "memory_limit_in_mb=%s,function_version=%s,invoked_function_arn=%s,client_context=%s,identity=%s,"
                "tenant_id=%s])"
                % (self.aws_request_id, self.log_group_name, self.log_stream_name, self.function_name,
                   self.memory_limit_in_mb, self.function_version, self.invoked_function_arn,
                   self.client_context, self.identity, self.tenant_id))


def _json_header(headers, name):
    value = headers.get(name)
    if not value:
        return None
    try:
        return json.loads(value)
    except ValueError:
        return None


def _handle(client, handler, headers, body):
    global _request_id
    request_id = headers.get("lambda-runtime-aws-request-id")
    _request_id = request_id
    trace_id = headers.get("lambda-runtime-trace-id")
    if trace_id:
        os.environ["_X_AMZN_TRACE_ID"] = trace_id
    else:
        os.environ.pop("_X_AMZN_TRACE_ID", None)
    try:
        try:
            event = json.loads(body)
        except ValueError as e:
            raise FaultException("Runtime.UnmarshalError", "Unable to unmarshal input: %s" % e)
        context = LambdaContext(request_id, _json_header(headers, "lambda-runtime-client-context"),
                                _json_header(headers, "lambda-runtime-cognito-identity"),
                                int(headers.get("lambda-runtime-deadline-ms") or 0),
                                headers.get("lambda-runtime-invoked-function-arn"),
                                headers.get("lambda-runtime-aws-tenant-id"))
        payload = _marshal_response(handler(event, context))
    except Exception:
        error = _fault_result(sys.exc_info(), request_id)
        _log_error(error)
        client.fail(request_id, error)
        return
    client.respond(request_id, payload)


def _end_with_parent(parent_pid):
    # If Tributary dies (even by SIGKILL) this process is re-parented: end with it, busy or not.
    while True:
        time.sleep(1)
        if os.getppid() != parent_pid:
            os._exit(1)


def main():
    threading.Thread(target=_end_with_parent, args=(os.getppid(),), daemon=True).start()
    _configure_logging()
    client = RuntimeClient(os.environ["AWS_LAMBDA_RUNTIME_API"])
    task_root = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
    if task_root not in sys.path:
        sys.path.insert(0, task_root)
    try:
        handler = _load_handler(os.environ.get("_HANDLER", ""))
    except Exception:
        error = _fault_result(sys.exc_info(), "")
        logging.warning(_UNHANDLED_WARNING)
        _log_error(error)
        client.init_error(error)
        sys.stdout.flush()
        os._exit(1)
    while True:
        headers, body = client.next()
        _handle(client, handler, headers, body)


if __name__ == "__main__":
    main()
