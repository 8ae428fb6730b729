-- psmctl: the layout the templates ask for, in each format's own terms.
-- `::: indice` becomes the Indice: in DOCX a TOC field (Word fills in the page
-- numbers), in ODT a table-of-content index (LibreOffice: Strumenti › Aggiorna),
-- in Typst #outline with page numbers, in HTML a <nav> of links to the headings.
-- Headings of class `unlisted` stay out of it.
-- `::: insieme` (signatures with the formula before them) never splits across
-- pages: a non-breakable block in Typst, the "Firma" paragraph style in DOCX/ODT. In HTML every table sits in a labelled, keyboard-scrollable
-- region, so a wide table scrolls by itself and the page never does.

local DEPTH = 3

local function entries(blocks)
  local found = {}
  for _, block in ipairs(blocks) do
    if block.t == "Header" and block.level <= DEPTH and block.identifier ~= ""
        and not block.classes:includes("unlisted") then
      table.insert(found, block)
    end
  end
  return found
end

-- Nested bullet lists of links, one level per heading level (HTML).
local function link_list(headers, first, level)
  local items, i = {}, first
  while i <= #headers and headers[i].level >= level do
    local h = headers[i]
    if h.level == level then
      local link = pandoc.Link(h.content, "#" .. h.identifier)
      table.insert(items, { pandoc.Plain({ link }) })
      i = i + 1
    else
      local sub, next_i = link_list(headers, i, level + 1)
      if #items == 0 then table.insert(items, {}) end
      table.insert(items[#items], sub)
      i = next_i
    end
  end
  return pandoc.BulletList(items), i
end

local function xml_escape(text)
  return (text:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"):gsub('"', "&quot;"))
end

local function docx_toc(headers)
  local shown = {}
  for _, h in ipairs(headers) do
    table.insert(shown, string.format('<w:p><w:pPr><w:pStyle w:val="TOC%d" /></w:pPr><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>',
      h.level, xml_escape(pandoc.utils.stringify(h.content))))
  end
  return '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents" /><w:docPartUnique />'
    .. '</w:docPartObj></w:sdtPr><w:sdtContent>'
    .. '<w:p><w:pPr><w:pStyle w:val="TOCHeading" /></w:pPr><w:r><w:t xml:space="preserve">Indice</w:t></w:r></w:p>'
    .. '<w:p><w:r><w:fldChar w:fldCharType="begin" w:dirty="true" /><w:instrText xml:space="preserve">TOC \\o &quot;1-'
    .. DEPTH .. '&quot; \\h \\z \\u</w:instrText><w:fldChar w:fldCharType="separate" /></w:r></w:p>'
    .. table.concat(shown)
    .. '<w:p><w:r><w:fldChar w:fldCharType="end" /></w:r></w:p></w:sdtContent></w:sdt>'
end

local function odt_entry_templates()
  local out = {}
  for level = 1, DEPTH do
    table.insert(out, string.format('<text:table-of-content-entry-template text:outline-level="%d" '
      .. 'text:style-name="Contents_20_%d"><text:index-entry-link-start /><text:index-entry-text />'
      .. '<text:index-entry-tab-stop style:type="right" style:leader-char="." /><text:index-entry-page-number />'
      .. '<text:index-entry-link-end /></text:table-of-content-entry-template>', level, level))
  end
  return table.concat(out)
end

local function odt_toc(headers)
  local shown = {}
  for _, h in ipairs(headers) do
    table.insert(shown, string.format('<text:p text:style-name="Contents_20_%d">%s</text:p>', h.level,
      xml_escape(pandoc.utils.stringify(h.content))))
  end
  return '<text:table-of-content text:name="Indice" text:protected="true">'
    .. '<text:table-of-content-source text:outline-level="' .. DEPTH .. '">'
    .. '<text:index-title-template text:style-name="Contents_20_Heading">Indice</text:index-title-template>'
    .. odt_entry_templates()
    .. '</text:table-of-content-source><text:index-body>'
    .. '<text:index-title text:name="Indice_Head"><text:p text:style-name="Contents_20_Heading">Indice</text:p></text:index-title>'
    .. table.concat(shown) .. '</text:index-body></text:table-of-content>'
end

local function indice(headers)
  if FORMAT == "docx" then
    return pandoc.RawBlock("openxml", docx_toc(headers))
  elseif FORMAT == "odt" then
    return pandoc.RawBlock("opendocument", odt_toc(headers))
  elseif FORMAT == "typst" then
    return pandoc.RawBlock("typst", "#outline(title: [Indice], depth: " .. DEPTH .. ")")
  elseif FORMAT:match("html") then
    local top = 6
    for _, h in ipairs(headers) do top = math.min(top, h.level) end
    local list = #headers > 0 and link_list(headers, 1, top) or pandoc.Null()
    -- attributes as ordered pairs: the same input gives the same bytes
    return pandoc.Div({ pandoc.Header(2, "Indice", pandoc.Attr("indice", { "unlisted" })), list },
      pandoc.Attr("indice-nav", { "indice" }, { { "role", "navigation" }, { "aria-labelledby", "indice" } }))
  end
  return nil
end

local function together(div)
  if FORMAT == "docx" or FORMAT == "odt" then
    -- the reference documents' "Firma" style keeps each paragraph with the next
    return pandoc.Div(div.content, pandoc.Attr("", {}, { { "custom-style", "Firma" } }))
  elseif FORMAT == "typst" then
    local out = { pandoc.RawBlock("typst", "#block(breakable: false)[") }
    for _, block in ipairs(div.content) do table.insert(out, block) end
    table.insert(out, pandoc.RawBlock("typst", "]"))
    return out
  end
  return div.content
end

local function scroll_region(tbl)
  local caption = pandoc.utils.stringify(tbl.caption.long)
  local label = caption ~= "" and caption or "Tabella"
  return pandoc.Div({ tbl }, pandoc.Attr("", { "tabella" },
    { { "role", "region" }, { "tabindex", "0" }, { "aria-label", label } }))
end

-- `::::: raffronto`: a caption, then rows of two cells (the first row is the header),
-- as a real two-column table: previous edition | new edition.
local function raffronto(div)
  local caption, rows = {}, {}
  for _, part in ipairs(div.content) do
    if part.t == "Div" and part.classes:includes("didascalia") then
      caption = pandoc.utils.blocks_to_inlines(part.content)
    elseif part.t == "Div" and part.classes:includes("riga") then
      local cells = {}
      for _, cell in ipairs(part.content) do
        if cell.t == "Div" then table.insert(cells, cell.content) end
      end
      table.insert(rows, cells)
    end
  end
  local header = table.remove(rows, 1) or { {}, {} }
  local simple = pandoc.SimpleTable(caption, { pandoc.AlignLeft, pandoc.AlignLeft }, { 0.5, 0.5 }, header, rows)
  local tbl = pandoc.utils.from_simple_table(simple)
  if FORMAT:match("html") then
    return scroll_region(tbl)
  elseif FORMAT == "typst" then
    -- a changed element's full text may be longer than a page: its row may break
    return { pandoc.RawBlock("typst", "#[#set table.cell(breakable: true)"), tbl, pandoc.RawBlock("typst", "]") }
  end
  return tbl
end

function Pandoc(doc)
  local headers = entries(doc.blocks)
  local html = FORMAT:match("html") ~= nil
  doc.blocks = doc.blocks:walk({
    Div = function(div)
      if div.classes:includes("indice") then
        return indice(headers)
      elseif div.classes:includes("insieme") then
        return together(div)
      elseif div.classes:includes("raffronto") then
        return raffronto(div)
      end
    end,
    Table = function(tbl)
      if html then return scroll_region(tbl) end
    end,
    Span = function(span)
      -- a source title in another language: Typst's PDF tags it too (DOCX/ODT/HTML do it themselves)
      local lang = span.attributes["lang"] and span.attributes["lang"]:match("^([a-z][a-z][a-z]?)%f[^a-z]")
      if FORMAT == "typst" and lang then
        local out = { pandoc.RawInline("typst", '#text(lang: "' .. lang .. '")[') }
        for _, inline in ipairs(span.content) do table.insert(out, inline) end
        table.insert(out, pandoc.RawInline("typst", "]"))
        return out
      end
    end,
    Underline = function(el)
      -- added words: <ins>, which the stylesheet announces to screen readers
      if html then
        local out = { pandoc.RawInline("html", "<ins>") }
        for _, inline in ipairs(el.content) do table.insert(out, inline) end
        table.insert(out, pandoc.RawInline("html", "</ins>"))
        return out
      end
    end,
  })
  return doc
end
