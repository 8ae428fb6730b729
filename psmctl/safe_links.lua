-- Plan text is data (DESIGN §6): a link may lead to the web, to mail or within the
-- document, never to a script or a local file; an image named in plan text is
-- shown as its description and never loaded. The only images let through are the
-- charts psmctl drew itself: the document's metadata `psmctl-charts` lists the
-- SHA-1 of each chart's data URI (psmctl.monitoring.charts.Chart.digest),
-- and is removed here so it never reaches the output.
local allowed = { "^https?://", "^mailto:", "^#" }
local charts = {}

local function safe(target)
  local lowered = target:lower():gsub("^%s+", "")
  for _, pattern in ipairs(allowed) do
    if lowered:match(pattern) then return true end
  end
  return false
end

local function read_charts(meta)
  local listed = meta["psmctl-charts"]
  if listed ~= nil then
    for digest in pandoc.utils.stringify(listed):gmatch("%x+") do charts[digest] = true end
    meta["psmctl-charts"] = nil
  end
  return meta
end

local function typst_string(text)
  return '"' .. text:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

local function chart(el)
  if not el.src:match("^data:image/[%w+]+;base64,") or not charts[pandoc.utils.sha1(el.src)] then
    return el.caption
  end
  if FORMAT == "typst" and el.src:match("^data:image/svg%+xml;") then
    -- Typst reads no data URI: hand it the SVG itself.
    local _, svg = pandoc.mediabag.fetch(el.src)
    local alt = pandoc.utils.stringify(el.caption)
    return pandoc.RawInline("typst", "#image(bytes(" .. typst_string(svg) .. '), format: "svg", width: 100%, alt: '
      .. typst_string(alt) .. ")")
  end
  if FORMAT == "docx" or FORMAT == "odt" then
    -- A short media name, so the package does not repeat the data URI as the picture's name.
    local mime, contents = pandoc.mediabag.fetch(el.src)
    local name = "chart-" .. pandoc.utils.sha1(el.src):sub(1, 12) .. (mime == "image/png" and ".png" or ".svg")
    pandoc.mediabag.insert(name, mime, contents)
    el.src = name
  end
  return el
end

local function link(el)
  if safe(el.target) then return el end
  return el.content
end

return { { Meta = read_charts }, { Link = link, Image = chart } }
