console.log('demo: the demo app lands with issue 8');
