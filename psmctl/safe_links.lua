-- Plan text is data (DESIGN §6): a link may lead to the web, to mail or within the
-- document, never to a script or a local file; an image named in plan text is
-- shown as its description and never loaded.
local allowed = { "^https?://", "^mailto:", "^#" }

local function safe(target)
  local lowered = target:lower():gsub("^%s+", "")
  for _, pattern in ipairs(allowed) do
    if lowered:match(pattern) then return true end
  end
  return false
end

function Link(el)
  if safe(el.target) then return el end
  return el.content
end

function Image(el)
  return el.caption
end
