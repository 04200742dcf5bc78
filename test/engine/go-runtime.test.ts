import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { harnessPerSuite, json, tempDir, writeFiles } from './engine-harness.js';

const run = promisify(execFile);

// A Go custom runtime on the Runtime API using only the standard library's `net` (not net/http,
// which triples a cold build).
const GO_RUNTIME = `package main

import (
	"bufio"
	"net"
	"os"
	"strconv"
	"strings"
)

func readResponse(r *bufio.Reader) (int, map[string]string, []byte) {
	status, err := r.ReadString('\\n')
	if err != nil {
		os.Exit(1)
	}
	code, _ := strconv.Atoi(strings.Fields(status)[1])
	headers := map[string]string{}
	for {
		line, _ := r.ReadString('\\n')
		line = strings.TrimSpace(line)
		if line == "" {
			break
		}
		name, value, _ := strings.Cut(line, ":")
		headers[strings.ToLower(name)] = strings.TrimSpace(value)
	}
	length, _ := strconv.Atoi(headers["content-length"])
	body := make([]byte, length)
	for n := 0; n < length; {
		m, err := r.Read(body[n:])
		if err != nil {
			os.Exit(1)
		}
		n += m
	}
	return code, headers, body
}

func main() {
	conn, err := net.Dial("tcp", os.Getenv("AWS_LAMBDA_RUNTIME_API"))
	if err != nil {
		os.Exit(1)
	}
	r := bufio.NewReader(conn)
	invocations := 0
	for {
		conn.Write([]byte("GET /2018-06-01/runtime/invocation/next HTTP/1.1\\r\\nHost: runtime\\r\\n\\r\\n"))
		_, headers, event := readResponse(r)
		invocations++
		id := headers["lambda-runtime-aws-request-id"]
		os.Stdout.WriteString("go handling " + id + "\\n")
		body := "{\\"go\\":true,\\"invocations\\":" + strconv.Itoa(invocations) + ",\\"event\\":" + string(event) + "}"
		conn.Write([]byte("POST /2018-06-01/runtime/invocation/" + id + "/response HTTP/1.1\\r\\nHost: runtime\\r\\nContent-Length: " +
			strconv.Itoa(len(body)) + "\\r\\n\\r\\n" + body))
		readResponse(r)
	}
}
`;

async function goBuildIsCheap(): Promise<string | undefined> {
  if (process.env.TRIBUTARY_TEST_GO === '1') return undefined;
  try {
    const { stdout } = await run('go', ['list', '-f', '{{.Stale}}', 'runtime', 'net', 'os', 'bufio', 'strconv', 'strings'], {
      env: { ...process.env, CGO_ENABLED: '0' },
      timeout: 30_000,
    });
    return stdout.includes('true') ? 'the Go build cache is cold (a first build takes ~30 s on 2 cores); set TRIBUTARY_TEST_GO=1 to build anyway' : undefined;
  } catch {
    return 'go is not installed';
  }
}

describe('a Go custom runtime (provided.al2023)', () => {
  const h = harnessPerSuite();

  test('runs a bootstrap compiled from Go against the Runtime API, warm between invocations', async (t) => {
    const skipReason = await goBuildIsCheap();
    if (skipReason) {
      t.skip(skipReason);
      return;
    }
    const source = tempDir('tributary-go-src-');
    writeFiles(source, { 'main.go': GO_RUNTIME, 'go.mod': 'module bootstrap\n\ngo 1.21\n' });
    const spec = h.fn({}, { runtime: 'provided.al2023', handler: 'unused' });
    await run('go', ['build', '-o', path.join(spec.codeDir, 'bootstrap'), '.'], {
      cwd: source,
      env: { ...process.env, CGO_ENABLED: '0' },
      timeout: 180_000,
    });
    const requestId = '88888888-8888-4888-8888-888888888888';
    const first = await h.invoke(spec, { order: 'A-1' }, { requestId, tail: true });
    assert.equal(first.outcome, 'success', first.payload.toString());
    assert.deepEqual(json(first), { go: true, invocations: 1, event: { order: 'A-1' } });
    assert.match(first.logTail!, new RegExp(`\\ngo handling ${requestId}\\n`));
    assert.deepEqual(json(await h.invoke(spec, { order: 'A-2' })), { go: true, invocations: 2, event: { order: 'A-2' } });
  });
});
