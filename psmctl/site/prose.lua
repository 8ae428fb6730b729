-- Plan prose for the site (psmctl.site.prose): the input is a list of fenced
-- code blocks, each one text of the plan (a summary, a description, a vision)
-- written in Markdown, read with the reader the metadata `psmctl-reader`
-- names (the documents' chapter reader: no raw HTML or TeX, no attributes,
-- divs or spans). plan_text.lua runs after this filter on the whole result
-- (links to the web, mail or the page only; no image; no absurd nesting).
--
-- Reading a text costs Pandoc a few milliseconds of setting up that reader, so
-- the texts are read together, joined by paragraphs holding the metadata
-- `psmctl-token` (a random word no text holds), and split again there. The
-- texts listed in `psmctl-alone` (psmctl.site.prose says which: those whose
-- Markdown reaches past their own end, such as a code fence or a link
-- definition) are read each on its own; so are all of them if the split does
-- not give back as many texts as went in.
--
-- Each text is preceded by SEPARATOR, a raw HTML comment: no text can write
-- one, since the reader has raw HTML off. A text's headings move so that its
-- highest is at level `psmctl-heading-top` (the others keep their distance
-- from it, to h6 at most) and carry no id: a text sits under its page's own
-- headings, without a gap in their order.

local SEPARATOR = "<!-- psmctl-text -->"

local function meta_string(meta, key)
  return pandoc.utils.stringify(meta[key] or "")
end

local function split(blocks, token)
  local parts = { pandoc.Blocks({}) }
  for _, block in ipairs(blocks) do
    if block.t == "Para" and pandoc.utils.stringify(block) == token then
      parts[#parts + 1] = pandoc.Blocks({})
    else
      parts[#parts]:insert(block)
    end
  end
  return parts
end

local function read_all(texts, alone, reader, token)
  local read = {}
  local together, order = {}, {}
  for i, text in ipairs(texts) do
    if alone[i] then
      read[i] = pandoc.read(text, reader).blocks
    else
      together[#together + 1] = text
      order[#order + 1] = i
    end
  end
  if #together == 0 then return read end
  local parts = split(pandoc.read(table.concat(together, "\n\n" .. token .. "\n\n"), reader).blocks, token)
  for k, i in ipairs(order) do
    read[i] = #parts == #together and parts[k] or pandoc.read(together[k], reader).blocks
  end
  return read
end

local function placed_headings(blocks, top)
  local highest = nil
  blocks:walk({ Header = function(el) highest = math.min(highest or el.level, el.level) end })
  if highest == nil then return blocks end
  return blocks:walk({
    Header = function(el)
      el.level = math.min(6, el.level - highest + top)
      el.attr = pandoc.Attr()
      return el
    end,
  })
end

function Pandoc(doc)
  local alone = {}
  for index in meta_string(doc.meta, "psmctl-alone"):gmatch("%d+") do alone[tonumber(index)] = true end
  local texts = {}
  for _, block in ipairs(doc.blocks) do texts[#texts + 1] = block.text end
  local read = read_all(texts, alone, meta_string(doc.meta, "psmctl-reader"), meta_string(doc.meta, "psmctl-token"))
  local top = tonumber(meta_string(doc.meta, "psmctl-heading-top")) or 1
  local out = pandoc.Blocks({})
  for i = 1, #texts do
    out:insert(pandoc.RawBlock("html", SEPARATOR))
    out:extend(placed_headings(read[i], top))
  end
  return pandoc.Pandoc(out, pandoc.Meta({}))
end
