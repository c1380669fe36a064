-- Prints wrk's results as one JSON line (latencies in microseconds) for bench/run.py.
-- BENCH_THINK_MS > 0: each connection waits that long between two requests (a person reading the page).
local think = tonumber(os.getenv("BENCH_THINK_MS") or "0")
if think > 0 then
  delay = function() return think end
end

-- BENCH_BODY: the request is a BENCH_METHOD (POST) with this body; {t} is the thread's number, {i} an increasing
-- number per request of that thread (a SCORM commit's launch and sequence: every commit is a new one).
-- BENCH_PER_THREAD: lines of "path<TAB>session key", one per thread (run with as many threads and connections):
-- each thread is another member, requesting their own path with their own session.
local body = os.getenv("BENCH_BODY") or ""
local per_thread = {}
for line in (os.getenv("BENCH_PER_THREAD") or ""):gmatch("[^\n]+") do
  local path, session = line:match("([^\t]+)\t([^\t]+)")
  table.insert(per_thread, {path, session})
end
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
  local own = per_thread[threads]
  if own then
    thread:set("own_path", own[1])
    thread:set("own_session", own[2])
  end
end
local own_headers = nil
local function headers_of_thread()
  if own_path == nil then
    return nil
  end
  if own_headers == nil then
    own_headers = {}
    for key, value in pairs(wrk.headers) do
      own_headers[key] = value
    end
    own_headers["Cookie"] = (own_headers["Cookie"] or ""):gsub("sessionid=[^;]*", "sessionid=" .. own_session)
  end
  return own_headers
end
if body ~= "" or #per_thread > 0 then
  local method = os.getenv("BENCH_METHOD") or "GET"
  local counter = 0
  request = function()
    counter = counter + 1
    local text = nil
    if body ~= "" then
      text = body:gsub("{t}", tostring(tid or 0)):gsub("{i}", tostring(counter))
    end
    return wrk.format(method, own_path, headers_of_thread(), text)
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
