//! One function per kind of page, and the list of them: adding a kind of
//! page is one function and one line in [`PAGES`].

use tera::Context;

use super::changes;
use super::collate::EstonianOrder;
use super::pages::{Pages, Section};
use super::tree::LangView;
use super::versions;
use super::views::{self, DirectiveView};
use super::{annex, overview, ownership, reviews};
use super::{paths, RenderError, Sink};

/// Renders every page of one kind in one language and hands each to the
/// sink.
type PageKind = fn(&Pages, &LangView, &dyn Sink) -> Result<(), RenderError>;

/// Every kind of page of a language; they are rendered side by side, and
/// a failure is reported for the first kind in this order.
pub(super) const PAGES: &[PageKind] = &[
    home,
    search,
    processes,
    guide_pages,
    overview,
    owners,
    directives,
    directive,
    changes,
    print,
    not_found,
];

/// A context holding only `value` under `key`, moved rather than copied
/// (inserting a value into a context serialises it again).
fn context_of(key: &str, value: serde_json::Value) -> Context {
    let mut map = serde_json::Map::new();
    map.insert(key.to_string(), value);
    Context::from_value(serde_json::Value::Object(map)).unwrap_or_default()
}

/// The home page: annex 1's table of processes.
fn home(pages: &Pages, view: &LangView, sink: &dyn Sink) -> Result<(), RenderError> {
    if !pages.wants(paths::HOME, sink) {
        return Ok(());
    }
    let mut ctx = pages.context(Section::Home, paths::HOME);
    ctx.extend(context_of("processes", view.process_list()));
    let register = pages.tree.register;
    ctx.insert(
        "annex",
        &annex::annex_view(register, &view.processes, view.lang, view.t),
    );
    ctx.insert(
        "register_notes",
        &annex::register_notes(&view.processes, view.t),
    );
    pages.render("index.html", paths::HOME, &mut ctx, sink)
}

/// The page of each process, the bulk of the site, rendered on every core
/// and handed to the sink as soon as it is made. Each worker reuses one
/// context and replaces what differs from page to page.
fn processes(pages: &Pages, view: &LangView, sink: &dyn Sink) -> Result<(), RenderError> {
    use rayon::prelude::*;

    let register = pages.tree.register;
    let shared = pages.shared_context();
    let rendered: Vec<Result<(), RenderError>> = register
        .processes
        .par_iter()
        .zip(view.processes.par_iter())
        .map_init(
            || shared.clone(),
            |ctx, (process, p)| {
                if !pages.wants(&p.url, sink) {
                    return Ok(());
                }
                pages.set_page(ctx, Section::Home, &p.url);
                ctx.insert("p", p);
                let toc = view.content.guides.toc(&p.id);
                ctx.insert("guide_next", &toc.first());
                ctx.insert("toc", &toc);
                ctx.insert(
                    "documentation_cell",
                    &annex::documentation_cell(process, p, view.t),
                );
                ctx.insert(
                    "source",
                    &annex::source_view(register, &p.id, view.lang, view.t),
                );
                let page = view
                    .content
                    .guideline_reviews
                    .get(process.id.value.as_str())
                    .copied();
                ctx.insert(
                    "reviews",
                    &reviews::reviews_view(
                        register,
                        process,
                        page,
                        pages.options.today,
                        view.lang,
                        view.t,
                    ),
                );
                ctx.remove("guidelines_html");
                ctx.remove("guidelines_title");
                ctx.remove("edit");
                if let Some(links) = view.content.edits.get(process.id.value.as_str()) {
                    ctx.insert("edit", links);
                }
                if let Some((title, html)) = view.content.guidelines.get(process.id.value.as_str())
                {
                    if !html.trim().is_empty() {
                        ctx.insert("guidelines_html", html);
                    }
                    ctx.insert("guidelines_title", title);
                }
                let history = changes::process_changes(
                    pages.tree.history,
                    register,
                    &process.id.value,
                    view.lang,
                    view.t,
                );
                ctx.insert("last_change", &history.first());
                ctx.insert("history", &history);
                pages.render("process.html", &p.url, ctx, sink)
            },
        )
        .collect();
    // The first failure in register order, whichever thread met it.
    rendered.into_iter().collect()
}

/// The further pages of every guidelines folder, with previous and next.
fn guide_pages(pages: &Pages, view: &LangView, sink: &dyn Sink) -> Result<(), RenderError> {
    view.content
        .guides
        .render(pages, &view.processes, &view.content.guide_html, sink)
}

/// The whole register in one document, to print.
fn print(pages: &Pages, view: &LangView, sink: &dyn Sink) -> Result<(), RenderError> {
    let (true, Some(print)) = (pages.wants(paths::PRINT, sink), &view.content.print) else {
        return Ok(());
    };
    let annex = annex::annex_view(pages.tree.register, &view.processes, view.lang, view.t);
    print.page(
        pages,
        &view.processes,
        &view.directives,
        &view.content.guides,
        &annex,
        sink,
    )
}

/// Review deadlines by owner, with charts and the ownership map; only
/// today's site has it (an archived version's deadlines are history).
fn overview(pages: &Pages, view: &LangView, sink: &dyn Sink) -> Result<(), RenderError> {
    if pages.tree.version.is_some() || !pages.wants(paths::OVERVIEW, sink) {
        return Ok(());
    }
    let register = pages.tree.register;
    let mut ctx = pages.context(Section::Overview, paths::OVERVIEW);
    ctx.insert(
        "overview",
        &overview::view(register, &view.content.agenda, view.lang, view.t),
    );
    pages.render("overview.html", paths::OVERVIEW, &mut ctx, sink)
}

/// Roles with the processes they own, and the unit tree.
fn owners(pages: &Pages, view: &LangView, sink: &dyn Sink) -> Result<(), RenderError> {
    if !pages.wants(paths::OWNERS, sink) {
        return Ok(());
    }
    let register = pages.tree.register;
    let order = EstonianOrder::new();
    let mut ctx = pages.context(Section::Owners, paths::OWNERS);
    // Each owned process shows its review state beside its name.
    ctx.insert("states", &overview::states(&view.content.agenda, view.t));
    ctx.insert("map", &ownership::map(register, view.t));
    ctx.insert("roles", &views::role_views(register, &order));
    ctx.insert("unit_tree", &views::unit_tree(register, &order, view.t));
    pages.render("owners.html", paths::OWNERS, &mut ctx, sink)
}

/// Every edition, newest first.
fn directives(pages: &Pages, view: &LangView, sink: &dyn Sink) -> Result<(), RenderError> {
    if !pages.wants(paths::DIRECTIVES, sink) {
        return Ok(());
    }
    let mut sorted: Vec<&DirectiveView> = view.directives.iter().collect();
    sorted.sort_by(|a, b| b.iso_date.cmp(&a.iso_date).then_with(|| a.id.cmp(&b.id)));
    let mut ctx = pages.context(Section::Directives, paths::DIRECTIVES);
    ctx.insert("directives", &sorted);
    pages.render("directives.html", paths::DIRECTIVES, &mut ctx, sink)
}

/// The page of each edition.
fn directive(pages: &Pages, view: &LangView, sink: &dyn Sink) -> Result<(), RenderError> {
    for d in &view.directives {
        let path = paths::directive(&d.id);
        if !pages.wants(&path, sink) {
            continue;
        }
        let mut ctx = pages.context(Section::Directives, &path);
        ctx.insert("d", d);
        pages.render("directive.html", &path, &mut ctx, sink)?;
    }
    Ok(())
}

/// The change history, only when there is one: `changes.html` with the
/// newest changes, the archive's months and the comparison of versions,
/// and every archive page (on every core, as process pages are).
fn changes(pages: &Pages, view: &LangView, sink: &dyn Sink) -> Result<(), RenderError> {
    use rayon::prelude::*;

    let history = pages.tree.history;
    if !history.available {
        return Ok(());
    }
    let register = pages.tree.register;
    if pages.wants(paths::CHANGES, sink) {
        let mut ctx = pages.context(Section::Changes, paths::CHANGES);
        ctx.insert(
            "page",
            &changes::newest_page(history, register, view.lang, view.t),
        );
        ctx.insert("archive", &changes::archive_list(history, view.t));
        ctx.insert(
            "compare",
            &versions::comparisons(history, view.lang, view.t),
        );
        ctx.insert("published_versions", &versions::listing(history, view.lang));
        pages.render("changes.html", paths::CHANGES, &mut ctx, sink)?;
    }
    let shared = pages.shared_context();
    (0..history.archive().pages.len())
        .into_par_iter()
        .map_init(
            || shared.clone(),
            |ctx, n| {
                if !pages.wants(&changes::archive_path(history, n), sink) {
                    return Ok(());
                }
                let page = changes::archive_page(history, n, register, view.lang, view.t);
                pages.set_page(ctx, Section::Changes, &page.path);
                ctx.insert("page", &page);
                pages.render("changes.html", &page.path, ctx, sink)
            },
        )
        .collect()
}

/// The search page; without JavaScript it lists every process.
fn search(pages: &Pages, view: &LangView, sink: &dyn Sink) -> Result<(), RenderError> {
    if !pages.wants(paths::SEARCH, sink) {
        return Ok(());
    }
    let mut ctx = pages.context(Section::Search, paths::SEARCH);
    ctx.extend(context_of("processes", view.process_list()));
    pages.render("search.html", paths::SEARCH, &mut ctx, sink)
}

/// The page a server shows for a missing address.
fn not_found(pages: &Pages, _: &LangView, sink: &dyn Sink) -> Result<(), RenderError> {
    if !pages.wants(paths::NOT_FOUND, sink) {
        return Ok(());
    }
    let mut ctx = pages.context(Section::None, paths::NOT_FOUND);
    pages.render("404.html", paths::NOT_FOUND, &mut ctx, sink)
}
