-- Prints wrk's results as one JSON line (latencies in microseconds) for bench/run.py.
-- BENCH_THINK_MS > 0: each connection waits that long between two requests (a person reading the page).
local think = tonumber(os.getenv("BENCH_THINK_MS") or "0")
if think > 0 then
  delay = function() return think end
end

-- BENCH_BODY: the request is a BENCH_METHOD (POST) with this body; {t} is the thread's number, {i} an increasing
-- number per request of that thread (a SCORM commit's launch and sequence: every commit is a new one).
local body = os.getenv("BENCH_BODY") or ""
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
if body ~= "" then
  local method = os.getenv("BENCH_METHOD") or "POST"
  local counter = 0
  request = function()
    counter = counter + 1
    local text = body:gsub("{t}", tostring(tid or 0)):gsub("{i}", tostring(counter))
    return wrk.format(method, nil, nil, text)
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests":%d,"duration_us":%d,"bytes":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,"mean_us":%.1f,' ..
    '"max_us":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.mean, latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
