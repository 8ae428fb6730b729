-- Plan text is data (DESIGN §6), whatever Markdown a chapter holds.
--
-- Two passes use this filter (psmctl.pandoc). Writing Markdown, it cleans one
-- chapter before the chapter enters a template (chapter_markdown): no span,
-- div or attribute survives, and every text sign is written escaped, so the
-- chapter cannot make the divs and spans the templates use. Writing a
-- document, it runs on the template's whole output. A document written in
-- several formats is read once (psmctl.pandoc.read_document): writing JSON,
-- the filter applies the rules every format shares and marks the document
-- read; each writer then runs it again from that JSON and it applies only the
-- rules of its own format. Either way every format gets the same rules:
--
-- * A link may lead to the web, to mail or within the document, never to a
--   script or a local file; an image named in plan text is shown as its
--   description and never loaded (only psmctl's own charts are images).
-- * No attribute on links, code, headings or tables reaches the output (the
--   reader has that syntax off: this is the second wall); divs and spans come
--   only from the templates and keep theirs.
-- * Lists, block quotes and divs deeper than MAX_DEPTH are flattened into
--   their parent: Typst and word processors fail on absurd nesting.
-- * Typst (PDF): every punctuation mark in text is escaped, so shorthands the
--   Typst writer leaves alone (`...`, `-?`, `-1`, `~`) stay literal, and very
--   long words get invisible break opportunities and no hyphenation, so line
--   breaking stays fast; over-long code lines and link addresses are cut
--   down to what a PDF can hold.

local MAX_DEPTH = 8
local BREAK_EVERY = 48 -- characters between break opportunities in a long word
local ZWSP = "\u{200B}"
local CODE_LINE = 1000 -- characters of code on one line before it is wrapped
local MAX_URL = 2000

local allowed = { "^https?://", "^mailto:", "^#" }

local function safe(target)
  local lowered = target:lower():gsub("^%s+", "")
  for _, pattern in ipairs(allowed) do
    if lowered:match(pattern) then return true end
  end
  return false
end

local function bare(el)
  el.attr = pandoc.Attr()
  return el
end

local function link(el)
  if not safe(el.target) then return el.content end
  return bare(el)
end

-- The only images let through are the charts psmctl drew itself: the document's
-- metadata `psmctl-charts` lists the SHA-1 of each chart's data URI
-- (psmctl.monitoring.charts.Chart.digest); it is removed before writing.
local charts = {}

local function typst_string(text)
  return '"' .. text:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

-- Every format: an image that is not one of the charts becomes its description.
local function chart(el)
  if not el.src:match("^data:image/[%w+]+;base64,") or not charts[pandoc.utils.sha1(el.src)] then
    return el.caption
  end
  el.attr = pandoc.Attr("", {}, { width = "100%" }) -- the text width, on a phone too
  return el
end

-- The output format's own terms for a chart the shared rules let through.
local function chart_in_format(el)
  if not charts[pandoc.utils.sha1(el.src)] then return el.caption end -- never reached: the shared rules ran
  if FORMAT == "typst" and el.src:match("^data:image/svg%+xml;") then
    -- Typst reads no data URI: hand it the SVG itself.
    local _, svg = pandoc.mediabag.fetch(el.src)
    return pandoc.RawInline("typst", "#image(bytes(" .. typst_string(svg) .. '), format: "svg", width: 100%, alt: '
      .. typst_string(pandoc.utils.stringify(el.caption)) .. ")")
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

local CHARTS = "psmctl-charts"

local function read_charts(meta)
  local listed = meta[CHARTS]
  if listed ~= nil then
    for digest in pandoc.utils.stringify(listed):gmatch("%x+") do charts[digest] = true end
  end
  return next(charts) ~= nil
end

local document_rules = {
  Link = link,
  Image = chart,
  Code = bare,
  CodeBlock = bare,
  Header = function(el)
    el.attr = pandoc.Attr(el.identifier) -- the automatic id, for the table of contents
    return el
  end,
  Table = bare,
  Figure = bare,
}

-- The signs that can start Markdown syntax: the set psmctl.escaping.markdown
-- escapes in plan fields (quotes, commas and the like never start any, and
-- the templates' smart punctuation still gives text its typographic quotes).
local MARKDOWN_SPECIAL = "[\\`%*_{}%[%]%(%)<>#%+%-%.!|~%$%^@&:=%%]"

local function markdown_text(el)
  if not el.text:match(MARKDOWN_SPECIAL) then return nil end
  return pandoc.RawInline("markdown", (el.text:gsub(MARKDOWN_SPECIAL, "\\%0")))
end

local chapter_rules = {
  Link = link,
  Image = function(el) return el.caption end, -- plan text holds no chart
  Code = bare,
  CodeBlock = bare,
  Header = function(el)
    el.attr = pandoc.Attr()
    return el
  end,
  Table = bare,
  Figure = bare,
  Span = function(el) return el.content end,
  Div = function(el) return el.content end,
}

-- Nesting ------------------------------------------------------------------

local nesting = { BlockQuote = true, BulletList = true, OrderedList = true, DefinitionList = true, Div = true }

local function inner_blocks(block)
  if block.t == "BlockQuote" or block.t == "Div" then return block.content end
  local out = pandoc.Blocks({})
  if block.t == "DefinitionList" then
    for _, item in ipairs(block.content) do
      out:insert(pandoc.Plain(item[1]))
      for _, definition in ipairs(item[2]) do out:extend(definition) end
    end
    return out
  end
  for _, item in ipairs(block.content) do out:extend(item) end
  return out
end

local flatten_blocks

local function flatten_children(block, depth)
  if block.t == "BlockQuote" or block.t == "Div" then
    block.content = flatten_blocks(block.content, depth + 1)
  elseif block.t == "DefinitionList" then
    for _, item in ipairs(block.content) do
      for i, definition in ipairs(item[2]) do item[2][i] = flatten_blocks(definition, depth + 1) end
    end
  else
    for i, item in ipairs(block.content) do block.content[i] = flatten_blocks(item, depth + 1) end
  end
  return block
end

flatten_blocks = function(blocks, depth)
  local out = pandoc.Blocks({})
  for _, block in ipairs(blocks) do
    if nesting[block.t] and depth >= MAX_DEPTH then
      out:extend(flatten_blocks(inner_blocks(block), depth))
    elseif nesting[block.t] then
      out:insert(flatten_children(block, depth))
    else
      out:insert(block)
    end
  end
  return out
end

-- Typst --------------------------------------------------------------------

-- Each ASCII punctuation mark backslash-escaped (Typst reads `\c` as the
-- character c); a word longer than BREAK_EVERY characters gets a zero-width
-- space every BREAK_EVERY characters.
local function typst_literal(text)
  local out, count = {}, 0
  local long = pandoc.text.len(text) > BREAK_EVERY
  for _, code in utf8.codes(text) do
    local char = utf8.char(code)
    if long and count > 0 and count % BREAK_EVERY == 0 then out[#out + 1] = ZWSP end
    out[#out + 1] = char:match("^%p$") and ("\\" .. char) or char
    count = count + 1
  end
  return table.concat(out)
end

local function typst_text(el)
  if not el.text:match("%p") and #el.text <= BREAK_EVERY then return nil end
  local literal = typst_literal(el.text)
  if pandoc.text.len(el.text) > BREAK_EVERY then
    -- Typst's hyphenation of a very long word is quadratic: it breaks at the spaces instead
    literal = "#text(hyphenate: false)[" .. literal .. "]"
  end
  return pandoc.RawInline("typst", literal)
end

-- HTML ---------------------------------------------------------------------

-- A page reflows to any width, so it gets no break hints in its text: the
-- zero-width spaces the bibliography puts in a URL it shows (for the word
-- processors and Typst) leave its links, so that a copied address is the
-- address; psm.html lets links wrap anywhere instead. A blank to fill in by
-- hand (a run of underscores, psmctl.rendering.filters.blank) becomes a span
-- the page keeps on one line, so a narrow screen never wraps a lone "_"; so do
-- an edition's years.
local BLANK_MIN = 4

local function without_break_hints(el)
  el.content = el.content:walk({
    Str = function(s)
      s.text = s.text:gsub(ZWSP, "")
      return s
    end,
  })
  return el
end

local html_blocks = {
  Link = without_break_hints,
  Str = function(el)
    if #el.text >= BLANK_MIN and el.text:match("^_+$") then
      return pandoc.Span({ el }, pandoc.Attr("", { "psm-blank" }))
    end
    -- an edition's years (2024-2026) never break at their hyphen: «2024-» ending a line of the title
    if el.text:match("^%p*%d%d%d%d%-%d%d%d%d%p*$") then
      return pandoc.Span({ el }, pandoc.Attr("", { "psm-years" }))
    end
    return nil
  end,
}

-- Metadata shown as text (psmctl passes only these and settings such as `lang`).
local shown_meta = { title = true, subtitle = true, ["header-text"] = true, pagetitle = true,
                     ["title-meta"] = true, subject = true, author = true, date = true }

-- A PDF cannot hold an unbroken run of more than 32,767 characters, nor Typst a
-- link of more than a few thousand: code lines are wrapped, long inline code is
-- printed as text with break opportunities, a link with a huge address as its text.
local function wrap_lines(text)
  local out = {}
  for line in (text .. "\n"):gmatch("(.-)\n") do
    while pandoc.text.len(line) > CODE_LINE do
      out[#out + 1] = pandoc.text.sub(line, 1, CODE_LINE)
      line = pandoc.text.sub(line, CODE_LINE + 1)
    end
    out[#out + 1] = line
  end
  return table.concat(out, "\n")
end

local typst_blocks = {
  Str = typst_text,
  Code = function(el)
    if pandoc.text.len(el.text) <= CODE_LINE then return nil end
    return pandoc.RawInline("typst", typst_literal(el.text))
  end,
  CodeBlock = function(el)
    el.text = wrap_lines(el.text)
    return el
  end,
  Link = function(el)
    if #el.target > MAX_URL then return el.content end
    return el
  end,
}

local function typst_meta(meta)
  for key, value in pairs(meta) do
    if shown_meta[key] and pandoc.utils.type(value) == "string" then
      local inlines = pandoc.Inlines({})
      for word in value:gmatch("%S+") do
        if #inlines > 0 then inlines:insert(pandoc.Space()) end
        inlines:insert(typst_text(pandoc.Str(word)) or pandoc.Str(word))
      end
      meta[key] = pandoc.MetaInlines(inlines)
    end
  end
  return meta
end

-- Set on a document read once (FORMAT json), so each writer applies only its format's rules.
local READ = "psmctl-read"

local function shared_rules(doc)
  doc = doc:walk(document_rules)
  doc.blocks = flatten_blocks(doc.blocks, 0)
  return doc
end

local function format_rules(doc)
  if read_charts(doc.meta) then doc = doc:walk({ Image = chart_in_format }) end
  doc.meta[CHARTS] = nil
  if FORMAT:match("^html") then
    doc = doc:walk(html_blocks)
  end
  if FORMAT == "typst" then
    doc = doc:walk(typst_blocks)
    doc.meta = typst_meta(doc.meta)
  end
  return doc
end

function Pandoc(doc)
  if FORMAT:match("^markdown") then
    doc = doc:walk(chapter_rules)
    doc.blocks = flatten_blocks(doc.blocks, 0)
    doc = doc:walk({ Str = markdown_text }) -- last, so text moved out of links and spans is escaped too
    doc.meta = {}
    return doc
  end
  if FORMAT == "json" then
    read_charts(doc.meta)
    doc = shared_rules(doc)
    doc.meta[READ] = true
    return doc
  end
  if doc.meta[READ] then
    doc.meta[READ] = nil
  else
    read_charts(doc.meta)
    doc = shared_rules(doc)
  end
  return format_rules(doc)
end
