import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { escapeJavaScript, host, jsonPath, render, urlDecode, urlEncode, util, VtlError } from '../../src/vtl/index.js';

const body = {
  name: 'Ann',
  age: 41,
  tags: ['a', 'b'],
  items: [
    { id: 1, price: 2.5 },
    { id: 2, price: 4 },
  ],
  nested: { deep: { x: true } },
};
const input = host({
  body: JSON.stringify(body),
  json: (p: unknown) => JSON.stringify(jsonPath(body, String(p))),
  path: (p: unknown) => jsonPath(body, String(p)),
});
const run = (template: string, vars: Record<string, unknown> = {}) => render(template, { input, util, ...vars });

describe('the Velocity Template Language engine', () => {
  test('references render values; unknown ones render as written unless quiet', () => {
    assert.equal(run('$x and ${x}', { x: 'v' }), 'v and v');
    assert.equal(run('[$nope] [$!nope] [${nope}] [$!{nope}]'), '[$nope] [] [${nope}] []');
    assert.equal(run('cost: $5 or $ alone'), 'cost: $5 or $ alone');
    assert.equal(run('\\$x', { x: 1 }), '$x');
    assert.equal(run('$m.a.b and $m.list[1] and $m["a"].b', { m: { a: { b: 'deep' }, list: [1, 2] } }), 'deep and 2 and deep');
    assert.equal(run('$name.', { name: 'end' }), 'end.');
  });

  test('#set, arithmetic, comparisons and boolean operators', () => {
    assert.equal(run('#set($a = 7)#set($b = $a / 2)#set($r = $a % 4)$b $r ${a}*2=#set($c = $a * 2)$c'), '3 3 7*2=14');
    assert.equal(run('#set($s = "x" + 1)$s'), 'x1');
    assert.equal(run('#if($a > 1 && !($a == 3) || false)yes#else no#end', { a: 2 }), 'yes');
    assert.equal(run('#if($a gt 1 and $a ne 3)yes#end', { a: 2 }), 'yes');
    assert.equal(run('#set($m = {"k": "v", "n": 1})$m.k $m.n $m'), 'v 1 {k=v, n=1}');
    assert.equal(run('#set($l = [1, "two", true])$l $l.size()'), '[1, two, true] 3');
    assert.equal(run('#set($r = [1..3])$r'), '[1, 2, 3]');
    assert.equal(run('#set($m = {})#set($m.key = "v")$m.key'), 'v');
  });

  test('#if / #elseif / #else and truthiness', () => {
    const t = '#if($v == 1)one#elseif($v == 2)two#{else}other#end';
    assert.equal(run(t, { v: 1 }), 'one');
    assert.equal(run(t, { v: 2 }), 'two');
    assert.equal(run(t, { v: 3 }), 'other');
    assert.equal(run('#if($missing)x#else-#end#if("")empty-string-is-true#end'), '-empty-string-is-true');
  });

  test('#foreach over lists and maps with $foreach.hasNext, index and count; #break', () => {
    assert.equal(run("#foreach($i in $input.path('$.tags'))$i#if($foreach.hasNext),#end#end"), 'a,b');
    assert.equal(run('#foreach($i in [5, 6])$foreach.index:$foreach.count:$velocityCount #end'), '0:1:1 1:2:2 ');
    assert.equal(run('#foreach($v in {"a": 1, "b": 2})$v#end'), '12');
    assert.equal(run('#foreach($i in [1, 2, 3])#if($i == 2)#break#end$i#end'), '1');
    assert.equal(run("#foreach($k in $input.path('$.nested').keySet())$k#end"), 'deep');
  });

  test('directive-only lines leave no blank lines; comments vanish', () => {
    const t = '{\n  #set($x = 1)\n  ## a comment\n  "x": $x,\n  #if(true)\n  "y": 2\n  #end\n}#* block\ncomment *#';
    assert.equal(run(t), '{\n  "x": 1,\n  "y": 2\n}');
  });

  test('Java methods on strings, lists and maps', () => {
    assert.equal(
      run('$s.length() $s.toUpperCase() $s.substring(1, 3) $s.indexOf("l") $s.replace("l", "L") $s.contains("ell")', { s: 'hello' }),
      '5 HELLO el 2 heLLo true',
    );
    assert.equal(run('$s.split(",") $s.split(",").size() $s.replaceAll("[0-9]", "#") $s.matches("[0-9,]+")', { s: '1,2,,3,,' }), '[1, 2, , 3] 4 #,#,,#,, true');
    assert.equal(run('$s.trim().startsWith("a") $s.isEmpty() $s.equals(" ab ")', { s: ' ab ' }), 'true false true');
    assert.equal(run('$m.containsKey("a") $m.get("a") $m.keySet() $m.values() $m.size()', { m: { a: 1, b: 2 } }), 'true 1 [a, b] [1, 2] 2');
    assert.equal(run('#set($l = [])#set($ok = $l.add("x"))$l $l.isEmpty() $l.contains("x") $l.get(0)'), '[x] false true x');
  });

  test('$input.json, $input.path and JSONPath', () => {
    assert.equal(run("$input.json('$.name')"), '"Ann"');
    assert.equal(run("$input.json('$.items[1]')"), '{"id":2,"price":4}');
    assert.equal(run("$input.path('$.items[0].price')"), '2.5');
    assert.equal(run("$input.path('$.items').size()"), '2');
    assert.equal(run("$input.json('$.items[*].id')"), '[1,2]');
    assert.equal(run("$input.json('$..x')"), '[true]');
    assert.equal(run("$input.json('$')"), JSON.stringify(body));
    assert.deepEqual(jsonPath(body, "$['nested']['deep']"), { x: true });
    assert.equal(jsonPath(body, '$.missing'), undefined);
  });

  test('$util: escapeJavaScript, parseJson, urlEncode/urlDecode, base64', () => {
    assert.equal(escapeJavaScript(`it's "q" \\ / \n é`), `it\\'s \\"q\\" \\\\ \\/ \\n \\u00E9`);
    assert.equal(run('#set($o = $util.parseJson($t))$o.a[1]', { t: '{"a":[1,2]}' }), '2');
    assert.equal(urlEncode('a b&c=d/é*'), 'a+b%26c%3Dd%2F%C3%A9*');
    assert.equal(urlDecode('a+b%26'), 'a b&');
    assert.equal(run('$util.base64Encode("hi") $util.base64Decode("aGk=") $util.urlEncode("x y")'), 'aGk= hi x+y');
  });

  test('single-quoted strings are literal; double-quoted ones interpolate', () => {
    assert.equal(run(`#set($a = 'x$b')#set($c = "x$b")$a $c`, { b: 'B' }), 'x$b xB');
  });

  test('a malformed template is a VtlError', () => {
    assert.throws(() => run('#if($x'), VtlError);
    assert.throws(() => run('#end'), VtlError);
    assert.throws(() => run('#foreach($i in [1])x'), VtlError);
  });
});
